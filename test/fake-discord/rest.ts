// The REST routes of the fake Discord the bot uses, answering as Discord API v10 does.
import { performance } from 'node:perf_hooks';
import { snowflake } from './ids.ts';
import { messageJson, threadJson, userJson, type Json } from './model.ts';
import type { FakeState, InteractionRecord } from './state.ts';

export interface RestRequest {
  method: string;
  /** Path after /api/v10, percent-decoded. */
  path: string;
  query: URLSearchParams;
  body: Json | null;
  authorized: boolean;
}

export interface RestReply {
  status: number;
  body?: unknown;
}

export interface RestEnv {
  state: FakeState;
  gatewayUrl: string;
  dispatch(t: string, d: Json): void;
  /** Discord's 3-second rule, when set: a first callback later than this after the dispatch is refused. */
  ackDeadlineMs?: number;
}

const unknownInteraction: RestReply = { status: 404, body: { message: 'Unknown interaction', code: 10062 } };

const notFound = (message = 'Unknown route'): RestReply => ({ status: 404, body: { message, code: 0 } });
const unauthorized: RestReply = { status: 401, body: { message: '401: Unauthorized', code: 0 } };

/** A message the bot sends through an interaction webhook. */
function webhookMessage(env: RestEnv, record: InteractionRecord, body: Json): Json {
  return messageJson({
    channelId: record.channelId,
    guildId: env.state.guildOfChannel(record.channelId),
    author: env.state.bot,
    content: String(body.content ?? ''),
    flags: Number(body.flags ?? 0),
    components: (body.components as unknown[] | undefined) ?? [],
    applicationId: env.state.appId,
    webhookId: env.state.appId,
  });
}

function applyEdit(message: Json, body: Json): Json {
  for (const key of ['content', 'components', 'embeds', 'flags'] as const) if (key in body) message[key] = body[key];
  message.edited_timestamp = new Date().toISOString();
  return message;
}

function interactionCallback(env: RestEnv, record: InteractionRecord, body: Json): RestReply {
  if (record.callbacks.length > 0) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
  if (record.expired || (env.ackDeadlineMs !== undefined && performance.now() - record.sentAt > env.ackDeadlineMs)) {
    // As Discord does: the interaction is gone, and the user saw "The application did not respond".
    record.expired = true;
    return unknownInteraction;
  }
  record.callbacks.push(body);
  record.callbackAt = performance.now();
  const data = (body.data as Json | undefined) ?? {};
  switch (body.type) {
    case 4: // reply
      record.original = env.state.storeMessage(webhookMessage(env, record, data));
      break;
    case 5: // deferred reply: a "thinking" placeholder with the loading flag
      record.original = env.state.storeMessage(webhookMessage(env, record, { ...data, flags: Number(data.flags ?? 0) | 128 }));
      break;
    case 7: // update the message the button was on
      if (record.message) applyEdit(record.message, data);
      record.original = record.message ?? null;
      break;
    default:
      break;
  }
  return { status: 204 };
}

function webhookRoute(env: RestEnv, req: RestRequest, parts: string[]): RestReply {
  // /webhooks/:app/:token[/messages/:id]
  const [, app, token, messages, messageId] = parts;
  const record = token ? env.state.interactionByToken(token) : undefined;
  if (app !== env.state.appId || !record || record.expired) return notFound('Unknown Webhook');
  if (!messages && req.method === 'POST') {
    const message = env.state.storeMessage(webhookMessage(env, record, req.body ?? {}));
    record.followups.push(message);
    return { status: 200, body: message };
  }
  if (messages !== 'messages' || !messageId) return notFound();
  const target = messageId === '@original' ? record.original : [...record.followups, record.original].find((m) => m?.id === messageId);
  if (!target) return notFound('Unknown Message');
  if (req.method === 'GET') return { status: 200, body: target };
  if (req.method === 'DELETE') {
    if (messageId === '@original') record.originalDeleted = true;
    return { status: 204 };
  }
  if (req.method === 'PATCH') {
    if (messageId === '@original') record.edits.push({ body: req.body ?? {}, at: performance.now() });
    // Editing in the answer ends the "thinking" state.
    const edited = applyEdit(target, req.body ?? {});
    edited.flags = Number(edited.flags ?? 0) & ~128;
    return { status: 200, body: edited };
  }
  return notFound();
}

function channelRoute(env: RestEnv, req: RestRequest, parts: string[]): RestReply {
  // /channels/:id[/messages[/:mid[/threads]]] | /channels/:id/typing
  const { state } = env;
  const [, channelId = '', sub, messageId, tail] = parts;
  const channel = state.channels.get(channelId);
  if (!channel) return notFound('Unknown Channel');
  if (!sub && req.method === 'GET') return { status: 200, body: channel };
  if (sub === 'typing' && req.method === 'POST') return { status: 204 };
  if (sub !== 'messages') return notFound();
  if (!messageId && req.method === 'POST') {
    const body = req.body ?? {};
    const message = state.storeMessage(
      messageJson({
        channelId,
        guildId: state.guildOfChannel(channelId),
        author: state.bot,
        content: String(body.content ?? ''),
        components: (body.components as unknown[] | undefined) ?? [],
        messageReference: body.message_reference,
      }),
    );
    // Discord echoes the bot's own messages back on the gateway; the bot must ignore them.
    env.dispatch('MESSAGE_CREATE', { ...message, member: state.member(state.bot) });
    return { status: 200, body: message };
  }
  if (!messageId && req.method === 'GET') {
    const before = req.query.get('before');
    const limit = Number(req.query.get('limit') ?? 50);
    const all = state.messages.get(channelId) ?? [];
    const older = before ? all.filter((m) => BigInt(String(m.id)) < BigInt(before)) : all;
    return { status: 200, body: older.slice(-limit).reverse() };
  }
  if (messageId && !tail && req.method === 'GET') {
    const message = state.findMessage(channelId, messageId);
    return message ? { status: 200, body: message } : { status: 404, body: { message: 'Unknown Message', code: 10008 } };
  }
  if (messageId && !tail && req.method === 'PATCH') {
    // A bot editing its own message (an answer shown while it is written); every edit is kept.
    const message = state.findMessage(channelId, messageId);
    if (!message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    state.messageEdits.push({ channelId, messageId, body: req.body ?? {}, at: performance.now() });
    return { status: 200, body: applyEdit(message, req.body ?? {}) };
  }
  if (messageId && tail === 'threads' && req.method === 'POST') {
    if (!state.findMessage(channelId, messageId)) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    const body = req.body ?? {};
    const thread = threadJson(
      messageId,
      state.guildOfChannel(channelId),
      channelId,
      state.bot.id,
      String(body.name ?? 'thread'),
      Number(body.auto_archive_duration ?? 1440),
    );
    state.channels.set(messageId, thread);
    env.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return { status: 201, body: thread };
  }
  return notFound();
}

function commandsRoute(env: RestEnv, req: RestRequest, parts: string[]): RestReply {
  // /applications/:app/commands | /applications/:app/guilds/:g/commands
  const { state } = env;
  const app = parts[1];
  if (app !== state.appId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
  const scope = parts[2] === 'guilds' ? (parts[3] === state.guildId ? 'guild' : null) : 'global';
  if (!scope) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
  if (req.method === 'GET') return { status: 200, body: state.commands[scope] };
  if (req.method !== 'PUT' || !Array.isArray(req.body)) return notFound();
  state.commands[scope] = (req.body as Json[]).map((c) => ({
    ...c,
    id: snowflake(),
    application_id: state.appId,
    version: snowflake(),
    type: c.type ?? 1,
    ...(scope === 'guild' ? { guild_id: state.guildId } : {}),
  }));
  return { status: 200, body: state.commands[scope] };
}

export function routeRest(env: RestEnv, req: RestRequest): RestReply {
  const parts = req.path.split('/').filter(Boolean);
  const [head] = parts;
  // Interaction callbacks and webhooks authenticate by their token, not the bot token.
  if (head === 'interactions' && parts[3] === 'callback' && req.method === 'POST') {
    const record = env.state.interactions.get(parts[1] ?? '');
    if (!record || record.token !== parts[2]) return notFound('Unknown interaction');
    return interactionCallback(env, record, req.body ?? {});
  }
  if (head === 'webhooks') return webhookRoute(env, req, parts);
  if (!req.authorized) return unauthorized;
  if (req.path === '/gateway/bot' && req.method === 'GET') {
    return {
      status: 200,
      body: { url: env.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
    };
  }
  if (req.path === '/gateway' && req.method === 'GET') return { status: 200, body: { url: env.gatewayUrl } };
  if ((req.path === '/applications/@me' || req.path === '/oauth2/applications/@me') && req.method === 'GET') {
    return {
      status: 200,
      body: {
        id: env.state.appId,
        name: 'Archivist',
        description: '',
        bot_public: false,
        bot_require_code_grant: false,
        flags: 0,
        verify_key: 'x',
      },
    };
  }
  if (req.path === '/users/@me' && req.method === 'GET') return { status: 200, body: userJson(env.state.bot) };
  if (parts[0] === 'users' && parts[1] === '@me' && parts[2] === 'guilds' && parts[3] && req.method === 'DELETE') {
    // The bot leaves a guild: Discord confirms with GUILD_DELETE (without `unavailable`: removed, not an outage).
    if (!env.state.leaveGuild(parts[3])) return { status: 404, body: { message: 'Unknown Guild', code: 10004 } };
    env.dispatch('GUILD_DELETE', { id: parts[3] });
    return { status: 204 };
  }
  if (head === 'applications' && parts[parts.length - 1] === 'commands') return commandsRoute(env, req, parts);
  if (head === 'channels') return channelRoute(env, req, parts);
  return notFound();
}
