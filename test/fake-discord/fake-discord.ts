// A fake Discord on 127.0.0.1 for driving the real discord.js client in tests: a REST API and
// a WebSocket gateway in one HTTP server, recording every request the bot makes.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FakeGateway } from './gateway.ts';
import { interactionToken, snowflake } from './ids.ts';
import { messageJson, type FakeUser, type Json } from './model.ts';
import { routeRest, type RestRequest } from './rest.ts';
import { type FakeGuild, FakeState, type InteractionRecord } from './state.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** JSON body, or the payload_json part of a multipart body. */
  body: unknown;
  status: number;
  at: number;
}

export type OptionValue = string | number | boolean;

/**
 * A failure the fake answers instead of handling a request (the request is not applied, as when Discord's edge
 * or rate limiter answers): `times` matching requests get `status`, a 429 with `retryAfter` seconds.
 */
export interface Fault {
  method?: string;
  /** Matched against the path after /api/v10, e.g. /^\/interactions\/.*\/callback$/. */
  path: RegExp;
  /** 429 and 5xx are retried by the client; a 4xx is an error it reports. */
  status: number;
  retryAfter?: number;
  times: number;
  /** The error body's message (default: a plain one). */
  message?: string;
}

export interface CommandInit {
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** Attachment options: option name → attachment (from addAttachment). */
  attachments?: Record<string, Json>;
  channelId?: string;
  /** The guild it is used in (its text channel, unless channelId says otherwise); default the first guild. */
  guildId?: string;
}

const API_PREFIX = '/api/v10';

export interface FakeDiscordOptions {
  /** HELLO's heartbeat interval (Discord's is 41.25 s; shorter gives the bench many heartbeats to time). */
  heartbeatIntervalMs?: number;
  /** Enforce Discord's 3-second rule: an interaction first acknowledged later than this gets "Unknown interaction". */
  ackDeadlineMs?: number;
}

function optionType(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return null;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // Uploads: the message itself is the payload_json part.
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    const payload = form.get('payload_json');
    return typeof payload === 'string' ? JSON.parse(payload) : null;
  }
  return JSON.parse(raw.toString('utf8'));
}

export class FakeDiscord {
  readonly state = new FakeState();
  readonly requests: RecordedRequest[] = [];
  /** Fetches of attachment urls (they are not Discord API calls). */
  readonly attachmentFetches: string[] = [];
  /** Faults still to inject, and the requests they answered. */
  readonly faults: Fault[] = [];
  readonly faulted: RecordedRequest[] = [];
  private readonly changes = new EventEmitter();
  private readonly server: Server;
  private readonly gateway: FakeGateway;
  private port = 0;

  private constructor(
    private readonly tokens: Set<string>,
    private readonly options: FakeDiscordOptions = {},
  ) {
    this.changes.setMaxListeners(1000);
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.gateway = new FakeGateway(
      {
        knowsToken: (token) => this.tokens.has(token),
        ready: (sessionId, url) => this.state.ready(sessionId, url),
        guilds: () => [...this.state.guilds.keys()].map((id) => this.state.guildCreate(id)),
        botUserId: () => this.state.bot.id,
        changed: () => this.changes.emit('change'),
      },
      () => this.gatewayUrl,
      options.heartbeatIntervalMs,
    );
    this.server.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/gateway')) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  /** Starts a fake that accepts the given bot token(s). */
  static async start(tokens: string[], options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(new Set(tokens), options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What DISCORD_API_URL should be set to. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get gatewayStats() {
    return this.gateway.stats;
  }

  get gatewayConnected(): boolean {
    return this.gateway.connected;
  }

  async stop(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test-side actions ----

  /** Another guild; once the bot is connected it is told at once (GUILD_CREATE), as when it is invited. */
  addGuild(name: string): FakeGuild {
    const guild = this.state.addGuild(name);
    if (this.gateway.connected) this.gateway.dispatch('GUILD_CREATE', this.state.guildCreate(guild.id));
    return guild;
  }

  /** Answers the next `fault.times` matching requests with the fault instead of handling them. */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** Closes the gateway connection with a close code; the client resumes or identifies again as Discord asks. */
  closeGateway(code: number): void {
    this.gateway.closeWith(code);
  }

  addUser(name: string, kind: 'member' | 'moderator' | 'admin' | 'bot' = 'member'): FakeUser {
    const roles = kind === 'moderator' ? [this.state.moderatorRole.id] : kind === 'admin' ? [this.state.adminRole.id] : [];
    // Users added after the bot connected are not in its member cache; like real members who
    // joined later, the client learns of them from the member object in each interaction.
    return this.state.addUser(name, roles, kind === 'bot');
  }

  /** A file Discord would host on its CDN; returns the attachment object for an interaction. */
  addAttachment(name: string, body: string | Buffer, contentType: string): Json {
    const id = snowflake();
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    this.state.attachments.set(id, { name, type: contentType, body: data });
    const url = `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(name)}`;
    return { id, filename: name, size: data.length, url, proxy_url: url, content_type: contentType };
  }

  /** A user runs a slash command. */
  command(user: FakeUser, name: string, init: CommandInit = {}): InteractionRecord {
    const options: Json[] = Object.entries(init.options ?? {}).map(([optName, value]) => ({
      name: optName,
      type: optionType(value),
      value,
    }));
    const resolved: Json = {};
    for (const [optName, attachment] of Object.entries(init.attachments ?? {})) {
      options.push({ name: optName, type: 11, value: attachment.id });
      resolved.attachments = { ...(resolved.attachments as Json | undefined), [String(attachment.id)]: attachment };
    }
    const data: Json = {
      id: this.commandId(name),
      name,
      type: 1,
      guild_id: init.guildId ?? this.state.guildId,
      options: init.subcommand ? [{ name: init.subcommand, type: 1, options }] : options,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
    return this.interact('command', 2, user, data, init.channelId ?? this.channelOf(init.guildId));
  }

  /** A user types into an autocomplete option. */
  autocomplete(user: FakeUser, name: string, option: string, typed: string, subcommand?: string, guildId?: string): InteractionRecord {
    const focused = [{ name: option, type: 3, value: typed, focused: true }];
    const data: Json = {
      id: this.commandId(name),
      name,
      type: 1,
      guild_id: guildId ?? this.state.guildId,
      options: subcommand ? [{ name: subcommand, type: 1, options: focused }] : focused,
    };
    return this.interact('autocomplete', 4, user, data, this.channelOf(guildId));
  }

  /** A user clicks a button on a message the bot sent. */
  click(user: FakeUser, message: Json, customId: string): InteractionRecord {
    return this.interact('button', 3, user, { custom_id: customId, component_type: 2 }, String(message.channel_id), message);
  }

  /** A user posts a message in a channel or thread; `mention` adds the bot's mention. */
  say(user: FakeUser, content: string, opts: { channelId?: string; guildId?: string; mentionBot?: boolean } = {}): Json {
    const channelId = opts.channelId ?? this.channelOf(opts.guildId);
    const mentions = opts.mentionBot ? [this.state.bot] : [];
    const text = opts.mentionBot ? `<@${this.state.bot.id}> ${content}` : content;
    const guildId = this.state.guildOfChannel(channelId);
    const message = this.state.storeMessage(messageJson({ channelId, guildId, author: user, content: text, mentions }));
    this.gateway.dispatch('MESSAGE_CREATE', { ...message, member: this.state.member(user) });
    return message;
  }

  dropConnection(): void {
    this.gateway.dropConnection();
  }

  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  // ---- waiting and inspecting ----

  /** Resolves with `check()`'s first truthy result, re-checked after every request and gateway change. */
  async until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const onChange = () => {
        const result = check();
        if (!result) return;
        cleanup();
        resolve(result);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off('change', onChange);
      };
      this.changes.on('change', onChange);
    });
  }

  /** Messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): Json[] {
    return this.state.messages.get(channelId) ?? [];
  }

  /** Requests with a body the bot sent (message sends, edits, callbacks, command registration). */
  bodies(): Array<{ path: string; body: Json }> {
    return this.requests.filter((r) => r.body && typeof r.body === 'object').map((r) => ({ path: r.path, body: r.body as Json }));
  }

  /** The text channel of a guild (the first guild's when none is given). */
  private channelOf(guildId: string | undefined): string {
    return guildId ? (this.state.guilds.get(guildId)?.channelId ?? this.state.channelId) : this.state.channelId;
  }

  private commandId(name: string): string {
    const registered = [...this.state.commands.guild, ...this.state.commands.global].find((c) => c.name === name);
    return registered ? String(registered.id) : snowflake();
  }

  private interact(
    kind: InteractionRecord['kind'],
    type: number,
    user: FakeUser,
    data: Json,
    channelId = this.state.channelId,
    message?: Json,
  ): InteractionRecord {
    const record: InteractionRecord = {
      id: snowflake(),
      token: interactionToken(),
      kind,
      user,
      channelId,
      sentAt: performance.now(),
      callbacks: [],
      callbackAt: null,
      original: null,
      edits: [],
      followups: [],
      originalDeleted: false,
      ...(message ? { message } : {}),
    };
    this.state.interactions.set(record.id, record);
    const channel = this.state.channels.get(channelId);
    const guildId = this.state.guildOfChannel(channelId);
    this.gateway.dispatch('INTERACTION_CREATE', {
      id: record.id,
      application_id: this.state.appId,
      type,
      token: record.token,
      version: 1,
      data,
      guild_id: guildId,
      channel_id: channelId,
      channel,
      member: this.state.member(user),
      app_permissions: this.state.permissionsOf(this.state.bot).toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...(message ? { message } : {}),
    });
    return record;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/attachments/')) return this.serveAttachment(url, res);
    let body: unknown = null;
    let reply: { status: number; body?: unknown };
    const path = decodeURIComponent(url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname);
    try {
      body = await readBody(req);
      const fault = this.takeFault(req.method ?? 'GET', path);
      if (fault) return this.answerFault(fault, req.method ?? 'GET', path, url, body, res);
      const auth = req.headers.authorization ?? '';
      const restReq: RestRequest = {
        method: req.method ?? 'GET',
        path,
        query: url.searchParams,
        body: body as Json | null,
        authorized: auth.startsWith('Bot ') && this.tokens.has(auth.slice(4)),
      };
      reply = url.pathname.startsWith(API_PREFIX)
        ? routeRest(
            {
              state: this.state,
              gatewayUrl: this.gatewayUrl,
              dispatch: (t, d) => this.gateway.dispatch(t, d),
              ...(this.options.ackDeadlineMs === undefined ? {} : { ackDeadlineMs: this.options.ackDeadlineMs }),
            },
            restReq,
          )
        : { status: 404, body: { message: 'Not found', code: 0 } };
    } catch (err) {
      reply = { status: 400, body: { message: `fake discord could not handle the request: ${(err as Error).message}`, code: 0 } };
    }
    this.requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      status: reply.status,
      at: performance.now(),
    });
    // Every answer with a body is JSON, errors included: discord.js's REST client expects it.
    // A 204 has no body, so no JSON content type (discord.js would try to parse the empty body).
    res.writeHead(reply.status, reply.status === 204 ? {} : { 'content-type': 'application/json' });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    this.changes.emit('change');
  }

  private takeFault(method: string, path: string): Fault | null {
    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (!fault) return null;
    fault.times--;
    return fault;
  }

  /** A 429 carries Retry-After (header and body) as Discord's does; a 5xx a bare error. Nothing is applied. */
  private answerFault(fault: Fault, method: string, path: string, url: URL, body: unknown, res: ServerResponse): void {
    const retryAfter = fault.retryAfter ?? 0.05;
    const reply =
      fault.status === 429
        ? { message: 'You are being rate limited.', retry_after: retryAfter, global: false }
        : { message: fault.message ?? `${fault.status}: fault injected by the test`, code: 0 };
    const recorded = { method, path, query: Object.fromEntries(url.searchParams), body, status: fault.status, at: performance.now() };
    this.faulted.push(recorded);
    res.writeHead(fault.status, {
      'content-type': 'application/json',
      ...(fault.status === 429 ? { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' } : {}),
    });
    res.end(JSON.stringify(reply));
    this.changes.emit('change');
  }

  private serveAttachment(url: URL, res: ServerResponse): void {
    const id = url.pathname.split('/')[2] ?? '';
    const file = this.state.attachments.get(id);
    this.attachmentFetches.push(url.pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.body.length) });
    res.end(file.body);
  }
}
