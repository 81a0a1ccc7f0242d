// The objects the fake Discord hands to the client, shaped as the Discord API v10 sends
// them, with the fields discord.js 14 needs written out (see shared notes on the loopback).
import { snowflake } from './ids.ts';

export type Json = Record<string, unknown>;

/** Permission bits used by the fake (the subset that matters to the bot). */
export const PERMS = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  readHistory: 1n << 16n,
  useCommands: 1n << 31n,
  createPublicThreads: 1n << 35n,
  sendInThreads: 1n << 38n,
} as const;

export const BASIC_PERMISSIONS =
  PERMS.viewChannel |
  PERMS.sendMessages |
  PERMS.embedLinks |
  PERMS.readHistory |
  PERMS.useCommands |
  PERMS.createPublicThreads |
  PERMS.sendInThreads;

export interface FakeUser {
  id: string;
  username: string;
  bot: boolean;
  /** Role ids besides @everyone. */
  roles: string[];
}

export interface FakeRole {
  id: string;
  name: string;
  permissions: bigint;
}

export function userJson(user: FakeUser): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
    bot: user.bot,
    public_flags: 0,
  };
}

export function memberJson(user: FakeUser, permissions: bigint): Json {
  return {
    user: userJson(user),
    roles: user.roles,
    nick: null,
    avatar: null,
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: permissions.toString(),
  };
}

export function roleJson(role: FakeRole, position: number): Json {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: role.permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function textChannelJson(id: string, guildId: string, name: string): Json {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
  };
}

export function threadJson(id: string, guildId: string, parentId: string, ownerId: string, name: string, autoArchive: number): Json {
  const now = new Date().toISOString();
  return {
    id,
    type: 11,
    guild_id: guildId,
    parent_id: parentId,
    owner_id: ownerId,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: autoArchive, archive_timestamp: now, locked: false, create_timestamp: now },
  };
}

export interface MessageInit {
  channelId: string;
  guildId?: string;
  author: FakeUser;
  content: string;
  mentions?: FakeUser[];
  flags?: number;
  components?: unknown[];
  messageReference?: unknown;
  applicationId?: string;
  webhookId?: string;
  id?: string;
}

export function messageJson(m: MessageInit): Json {
  return {
    id: m.id ?? snowflake(),
    channel_id: m.channelId,
    ...(m.guildId ? { guild_id: m.guildId } : {}),
    author: userJson(m.author),
    content: m.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (m.mentions ?? []).map(userJson),
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: m.messageReference ? 19 : 0,
    flags: m.flags ?? 0,
    components: m.components ?? [],
    ...(m.messageReference ? { message_reference: m.messageReference } : {}),
    ...(m.applicationId ? { application_id: m.applicationId } : {}),
    ...(m.webhookId ? { webhook_id: m.webhookId } : {}),
  };
}
