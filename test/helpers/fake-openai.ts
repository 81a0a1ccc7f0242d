// A loopback stand-in for an OpenAI-compatible server: the embeddings endpoint (deterministic vectors from
// hashed tokens) and the chat completions endpoint (scripted replies, streamed or not, with usage), both
// recording their requests, with injectable failures. POST /v1/embeddings and POST /v1/chat/completions.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_DIMENSION = 64;

/** Hashes each lower-cased word into one of 64 buckets: texts sharing words get similar vectors. */
export function fakeEmbedding(text: string, dimension = FAKE_DIMENSION): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const h = createHash('sha256').update(word).digest();
    const bucket = h[0]! % dimension;
    v[bucket] = v[bucket]! + ((h[1]! & 1) === 1 ? 1 : -1);
  }
  if (!v.some((x) => x !== 0)) v[0] = 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

export interface RecordedRequest {
  /** Number of inputs in the request. */
  size: number;
  inputs: string[];
  model: string;
  authorization: string | undefined;
  status: number;
}

export interface FakeFailure {
  status: number;
  /** The body's error.message; `{key}` is replaced by the bearer token the request carried. */
  message: string;
}

export interface ChatMessage {
  role: string;
  content: string;
}

export interface RecordedChat {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number | undefined;
  temperature: number | undefined;
  authorization: string | undefined;
  /** 200, the failure's status, or 0 for a request left unanswered. */
  status: number;
}

/** What the fake model does with one chat request. */
export type ChatReply =
  | {
      content: string;
      /** Streamed in these pieces (joined they must equal `content`); default: a few words at a time. */
      chunks?: string[];
      /** Awaited before piece i is sent: a test holds the stream until it has seen what it waits for. */
      beforeChunk?: (i: number) => Promise<void>;
      /** Reported usage; default: 4 characters a token. `null` reports none (some servers do not). */
      usage?: { prompt_tokens: number; completion_tokens: number } | null;
    }
  | { fail: FakeFailure }
  /** Never answers (the client's timeout must end it). */
  | { hang: true };

export type ChatResponder = (request: RecordedChat) => ChatReply;

/** The last user message of a chat request: where the passages and the question are. */
export const userText = (r: RecordedChat): string => r.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';

/** Pieces of a few words each, as a model streams. */
function pieces(content: string): string[] {
  return (
    content.match(/\S+\s*|\s+/g)?.reduce<string[]>((out, word, i) => {
      if (i % 3 === 0) out.push(word);
      else out[out.length - 1] += word;
      return out;
    }, []) ?? [content]
  );
}

export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  readonly chats: RecordedChat[] = [];
  private readonly chatQueue: ChatReply[] = [];
  private responder: ChatResponder = () => ({ content: 'NOT_COVERED' });
  private readonly failures: FakeFailure[] = [];
  private failAlways: FakeFailure | null = null;
  private server!: http.Server;
  port = 0;

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** The next `count` embedding requests are answered with this failure, then normal service resumes. */
  failNext(count: number, failure: FakeFailure = { status: 500, message: 'The server had an error while processing your request.' }): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** Every request fails like this until `failAlways(null)`. */
  setFailAlways(failure: FakeFailure | null): void {
    this.failAlways = failure;
  }

  /** How chat requests are answered once the queued replies are used up. */
  onChat(responder: ChatResponder): void {
    this.responder = responder;
  }

  /** The next chat requests get these replies, in order, before the responder is asked again. */
  queueChat(...replies: ChatReply[]): void {
    this.chatQueue.push(...replies);
  }

  /** Requests that were answered with embeddings. */
  get served(): RecordedRequest[] {
    return this.requests.filter((r) => r.status === 200);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      await this.chat(JSON.parse(raw), req.headers.authorization, res, send);
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
      send(404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      return;
    }
    const body = JSON.parse(raw) as { input: string | string[]; model: string; dimensions?: number };
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const authorization = req.headers.authorization;
    const failure = this.failures.shift() ?? this.failAlways;
    const record: RecordedRequest = { size: inputs.length, inputs, model: body.model, authorization, status: failure?.status ?? 200 };
    this.requests.push(record);
    if (failure) {
      const key = authorization?.replace(/^Bearer /, '') ?? '';
      // retry-after-ms keeps the SDK's retry pause short; a real server may send it too.
      send(
        failure.status,
        { error: { message: failure.message.replaceAll('{key}', key), type: 'server_error', code: null } },
        { 'retry-after-ms': '10' },
      );
      return;
    }
    send(200, {
      object: 'list',
      model: body.model,
      // Like the real API, `dimensions` sets the vector length.
      data: inputs.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: fakeEmbedding(text, body.dimensions ?? FAKE_DIMENSION),
      })),
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  }

  private async chat(
    body: {
      model: string;
      messages: ChatMessage[];
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
      max_tokens?: number;
      temperature?: number;
    },
    authorization: string | undefined,
    res: http.ServerResponse,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ): Promise<void> {
    const record: RecordedChat = {
      model: body.model,
      messages: body.messages,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      maxTokens: body.max_tokens,
      temperature: body.temperature,
      authorization,
      status: 200,
    };
    this.chats.push(record);
    const reply = this.chatQueue.shift() ?? this.responder(record);
    if ('hang' in reply) {
      record.status = 0;
      return; // the connection stays open until the client gives up or stop() closes it
    }
    if ('fail' in reply) {
      record.status = reply.fail.status;
      const key = authorization?.replace(/^Bearer /, '') ?? '';
      send(
        reply.fail.status,
        { error: { message: reply.fail.message.replaceAll('{key}', key), type: 'server_error', code: null } },
        { 'retry-after-ms': '10' },
      );
      return;
    }
    const chars = body.messages.reduce((n, m) => n + m.content.length, 0);
    const usage =
      reply.usage === null
        ? undefined
        : (reply.usage ?? { prompt_tokens: Math.ceil(chars / 4), completion_tokens: Math.ceil(reply.content.length / 4) });
    const usageField = usage ? { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } : undefined;
    const base = { id: `chatcmpl-${this.chats.length}`, created: 0, model: body.model };
    if (!record.stream) {
      send(200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content } }],
        ...(usageField ? { usage: usageField } : {}),
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, string>, finish: string | null) =>
      event({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
    chunk({ role: 'assistant', content: '' }, null);
    for (const [i, piece] of (reply.chunks ?? pieces(reply.content)).entries()) {
      await reply.beforeChunk?.(i);
      if (res.destroyed) return;
      chunk({ content: piece }, null);
    }
    chunk({}, 'stop');
    if (record.includeUsage && usageField) event({ ...base, object: 'chat.completion.chunk', choices: [], usage: usageField });
    res.end('data: [DONE]\n\n');
  }
}
