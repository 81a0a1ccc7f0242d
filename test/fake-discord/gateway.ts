// The fake's WebSocket gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME
// with replay of the events the client missed, and the intent filtering Discord does.
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { snowflake } from './ids.ts';
import type { Json } from './model.ts';

const INTENT = { guilds: 1 << 0, guildMessages: 1 << 9, messageContent: 1 << 15 } as const;

interface Dispatch {
  s: number;
  t: string;
  d: Json;
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  /** Every dispatch of this session, so a RESUME can replay what was missed. */
  sent: Dispatch[];
  socket: WebSocket | null;
}

export interface GatewayHooks {
  /** Accepts or refuses a token. */
  knowsToken(token: string): boolean;
  ready(sessionId: string, resumeUrl: string): Json;
  /** The GUILD_CREATE payloads sent after READY. */
  guilds(): Json[];
  botUserId(): string;
  /** Called after anything that changes the gateway's stats, so waiters re-check. */
  changed(): void;
}

export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  /** performance.now() of every heartbeat received, in order. */
  heartbeats: number[];
}

/** Whether Discord would send this event to a client with these intents (and in what form). */
function filterForIntents(t: string, d: Json, intents: number, botUserId: string): Json | null {
  if (t === 'GUILD_CREATE' || t.startsWith('THREAD_') || t.startsWith('CHANNEL_')) return intents & INTENT.guilds ? d : null;
  if (t.startsWith('MESSAGE_')) {
    if (!(intents & INTENT.guildMessages)) return null;
    const mentionsBot = Array.isArray(d.mentions) && d.mentions.some((u) => (u as Json).id === botUserId);
    // Without MessageContent, Discord blanks the text of messages that do not mention the bot.
    if (!(intents & INTENT.messageContent) && !mentionsBot) return { ...d, content: '' };
    return d;
  }
  return d;
}

export class FakeGateway {
  readonly stats: GatewayStats = { connections: 0, identifies: 0, resumes: 0, heartbeats: [] };
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private current: Session | null = null;
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly url: () => string,
    readonly heartbeatIntervalMs = 41_250,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  /** Sends a dispatch on the live session (buffered for replay when the socket is down). */
  dispatch(t: string, d: Json): void {
    const session = this.current;
    if (!session) throw new Error('fake gateway: no session to dispatch on');
    const filtered = filterForIntents(t, d, session.intents, this.hooks.botUserId());
    if (!filtered) return;
    const event = { s: ++session.seq, t, d: filtered };
    session.sent.push(event);
    this.send(session.socket, { op: 0, ...event });
  }

  /** Ends the connection abruptly (as a network drop would); the client should RESUME. */
  dropConnection(): void {
    const socket = this.current?.socket;
    if (this.current) this.current.socket = null;
    socket?.terminate();
  }

  /** Closes the connection with a close code (4000 unknown error, 4009 session timed out, ...), as Discord does. */
  closeWith(code: number, reason = 'closed by the test'): void {
    const socket = this.current?.socket;
    if (this.current) this.current.socket = null;
    socket?.close(code, reason);
  }

  /** Asks the client to reconnect (op 7), as Discord does before moving a session. */
  requestReconnect(): void {
    this.send(this.current?.socket ?? null, { op: 7, d: null });
  }

  get connected(): boolean {
    return this.current?.socket?.readyState === 1;
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }

  private send(socket: WebSocket | null, payload: Json): void {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.stats.connections++;
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      for (const s of this.sessions.values()) if (s.socket === ws) s.socket = null;
      this.hooks.changed();
    });
    ws.on('message', (raw) => this.onMessage(ws, raw.toString()));
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } });
  }

  private onMessage(ws: WebSocket, raw: string): void {
    let msg: { op: number; d: Json | null };
    try {
      msg = JSON.parse(raw) as { op: number; d: Json | null };
    } catch {
      ws.close(4002, 'Decode error');
      return;
    }
    const d = msg.d ?? {};
    switch (msg.op) {
      case 1: // heartbeat
        this.stats.heartbeats.push(performance.now());
        this.send(ws, { op: 11 });
        return;
      case 2: // identify
        this.identify(ws, d);
        return;
      case 6: // resume
        this.resume(ws, d);
        return;
      default:
        return;
    }
  }

  private identify(ws: WebSocket, d: Json): void {
    if (!this.hooks.knowsToken(String(d.token))) {
      ws.close(4004, 'Authentication failed');
      return;
    }
    this.stats.identifies++;
    const session: Session = { id: snowflake(), intents: Number(d.intents ?? 0), seq: 0, sent: [], socket: ws };
    this.sessions.set(session.id, session);
    this.current = session;
    this.dispatch('READY', this.hooks.ready(session.id, this.url()));
    for (const guild of this.hooks.guilds()) this.dispatch('GUILD_CREATE', guild);
    this.hooks.changed();
  }

  private resume(ws: WebSocket, d: Json): void {
    const session = this.sessions.get(String(d.session_id));
    if (!session || !this.hooks.knowsToken(String(d.token))) {
      // Invalid session, not resumable: the client identifies again.
      this.send(ws, { op: 9, d: false });
      return;
    }
    this.stats.resumes++;
    const old = session.socket;
    session.socket = ws;
    this.current = session;
    if (old && old !== ws) old.terminate();
    const after = Number(d.seq ?? 0);
    for (const event of session.sent) if (event.s > after) this.send(ws, { op: 0, ...event });
    const resumed = { s: ++session.seq, t: 'RESUMED', d: {} };
    session.sent.push(resumed);
    this.send(ws, { op: 0, ...resumed });
    this.hooks.changed();
  }
}
