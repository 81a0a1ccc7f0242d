// A loopback stand-in for the OpenAI embeddings endpoint: deterministic vectors (hashed tokens), recorded
// requests, and injectable failures. Only POST /v1/embeddings is served.
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

export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
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
}
