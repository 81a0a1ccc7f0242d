// What the fake Discord knows: the guilds the bot is in (the first one made at start, more with addGuild),
// their roles, members and channels, the messages posted, the interactions sent to the bot and everything
// the bot sent back.
import { snowflake } from './ids.ts';
import {
  BASIC_PERMISSIONS,
  PERMS,
  memberJson,
  roleJson,
  textChannelJson,
  userJson,
  type FakeRole,
  type FakeUser,
  type Json,
} from './model.ts';

export interface InteractionRecord {
  id: string;
  token: string;
  kind: 'command' | 'autocomplete' | 'button';
  user: FakeUser;
  channelId: string;
  /** performance.now() when the fake dispatched it. */
  sentAt: number;
  /** Callback bodies (type 4 reply, 5 defer, 7 update, 8 autocomplete result...). */
  callbacks: Json[];
  /** performance.now() of the first callback. */
  callbackAt: number | null;
  /** Current state of the original response message, null until there is one. */
  original: Json | null;
  /** Bodies of the PATCHes to the original response, in order, with their arrival times. */
  edits: Array<{ body: Json; at: number }>;
  /** Follow-up messages, as stored. */
  followups: Json[];
  originalDeleted: boolean;
  /** Acknowledged too late (FakeDiscordOptions.ackDeadlineMs): Discord answered "Unknown interaction". */
  expired?: boolean;
  /** For a button: the message it was on. */
  message?: Json;
}

/** A guild besides the first: its own id, @everyone role and text channel (moderator and admin roles are shared). */
export interface FakeGuild {
  id: string;
  name: string;
  channelId: string;
  everyoneRole: FakeRole;
}

export class FakeState {
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  /** Every guild the bot is in, the first one included, by id. */
  readonly guilds = new Map<string, FakeGuild>();
  /** Guilds the bot left (DELETE /users/@me/guilds/:id), in order. */
  readonly left: string[] = [];
  readonly appId = snowflake();
  readonly everyoneRole: FakeRole;
  readonly moderatorRole: FakeRole = { id: snowflake(), name: 'Moderators', permissions: PERMS.manageGuild };
  readonly adminRole: FakeRole = { id: snowflake(), name: 'Admins', permissions: PERMS.administrator };
  readonly bot: FakeUser;
  readonly owner: FakeUser;
  readonly users = new Map<string, FakeUser>();
  /** Channel json by id: the text channel and the threads created. */
  readonly channels = new Map<string, Json>();
  /** Messages by channel id, oldest first. */
  readonly messages = new Map<string, Json[]>();
  /** Edits of channel messages (PATCH /channels/:id/messages/:mid), in order. */
  readonly messageEdits: Array<{ channelId: string; messageId: string; body: Json; at: number }> = [];
  readonly interactions = new Map<string, InteractionRecord>();
  readonly commands: { guild: Json[]; global: Json[] } = { guild: [], global: [] };
  readonly attachments = new Map<string, { name: string; type: string; body: Buffer }>();

  constructor() {
    this.everyoneRole = { id: this.guildId, name: '@everyone', permissions: BASIC_PERMISSIONS };
    this.bot = this.addUser('archivist', [], true);
    this.bot.id = this.appId; // a bot user's id equals its application id
    this.users.clear();
    this.users.set(this.bot.id, this.bot);
    this.owner = this.addUser('owner', []);
    this.channels.set(this.channelId, textChannelJson(this.channelId, this.guildId, 'general'));
    this.guilds.set(this.guildId, {
      id: this.guildId,
      name: 'Archivist test guild',
      channelId: this.channelId,
      everyoneRole: this.everyoneRole,
    });
  }

  /** Another guild with a text channel of its own. */
  addGuild(name: string): FakeGuild {
    const id = snowflake();
    const guild: FakeGuild = {
      id,
      name,
      channelId: snowflake(),
      everyoneRole: { id, name: '@everyone', permissions: BASIC_PERMISSIONS },
    };
    this.channels.set(guild.channelId, textChannelJson(guild.channelId, id, 'general'));
    this.guilds.set(id, guild);
    return guild;
  }

  /** The bot leaves a guild: it and its channels are gone for it. */
  leaveGuild(id: string): boolean {
    if (!this.guilds.delete(id)) return false;
    this.left.push(id);
    return true;
  }

  /** The guild a channel or thread belongs to. */
  guildOfChannel(channelId: string): string {
    return String(this.channels.get(channelId)?.guild_id ?? this.guildId);
  }

  addUser(username: string, roles: string[], bot = false): FakeUser {
    const user: FakeUser = { id: snowflake(), username, bot, roles };
    this.users.set(user.id, user);
    return user;
  }

  roles(guildId = this.guildId): FakeRole[] {
    return [this.guilds.get(guildId)?.everyoneRole ?? this.everyoneRole, this.moderatorRole, this.adminRole];
  }

  permissionsOf(user: FakeUser): bigint {
    let perms = this.everyoneRole.permissions;
    for (const role of this.roles()) if (user.roles.includes(role.id)) perms |= role.permissions;
    return perms;
  }

  member(user: FakeUser): Json {
    return memberJson(user, this.permissionsOf(user));
  }

  guildCreate(guildId = this.guildId): Json {
    const guild = this.guilds.get(guildId)!;
    const channels = [...this.channels.values()].filter((c) => c.guild_id === guildId);
    const threads = channels.filter((c) => c.type === 11);
    return {
      id: guildId,
      name: guild.name,
      icon: null,
      owner_id: this.owner.id,
      unavailable: false,
      large: false,
      member_count: this.users.size,
      joined_at: '2024-01-01T00:00:00.000Z',
      roles: this.roles(guildId).map((r, i) => roleJson(r, i)),
      channels: channels.filter((c) => c.type !== 11),
      threads,
      members: [...this.users.values()].map((u) => this.member(u)),
      emojis: [],
      stickers: [],
      features: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: 0,
      preferred_locale: 'en-US',
      system_channel_flags: 0,
    };
  }

  ready(sessionId: string, resumeUrl: string): Json {
    return {
      v: 10,
      user: { ...userJson(this.bot), verified: true, mfa_enabled: false, flags: 0 },
      guilds: [...this.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: resumeUrl,
      application: { id: this.appId, flags: 0 },
      shard: [0, 1],
    };
  }

  storeMessage(message: Json): Json {
    const channelId = String(message.channel_id);
    const list = this.messages.get(channelId) ?? [];
    list.push(message);
    this.messages.set(channelId, list);
    return message;
  }

  findMessage(channelId: string, messageId: string): Json | undefined {
    return this.messages.get(channelId)?.find((m) => m.id === messageId);
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    for (const record of this.interactions.values()) if (record.token === token) return record;
    return undefined;
  }
}
