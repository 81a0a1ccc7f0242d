// The reindex, in a worker thread started by archive/reindex-job.ts: reading, cleaning, chunking, SQLite
// and hnswlib all run here, off the main thread. Embeddings are asked of the main thread (which owns the
// embedder, and with it the model's worker); progress goes back as messages.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { reindex } from '../indexing/reindex.ts';
import type { EmbedderInfo, ReindexProgress } from '../types.ts';
import { type FromJob, reviveError, serializeError, type ToJob } from './reindex-messages.ts';

export interface ReindexWorkerData {
  module: string;
  config: Config;
  full: boolean;
  dir: string | undefined;
  /** Int32 slot where the main thread writes the sequence number of the last progress message it handled. */
  handled: SharedArrayBuffer;
}

/** A phase change waits until the main thread has run its listener, at most this long. */
const PHASE_ACK_TIMEOUT_MS = 10_000;

const data = workerData as ReindexWorkerData;
const port = parentPort!;
const send = (message: FromJob): void => port.postMessage(message);

const controller = new AbortController();
let nextId = 0;
const waiting = new Map<number, { resolve: (value: never) => void; reject: (err: Error) => void }>();

function ask<T>(message: (id: number) => FromJob): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (value: never) => void, reject });
    send(message(id));
  });
}

port.on('message', (message: ToJob) => {
  if (message.type === 'abort') {
    controller.abort(new Error(message.reason));
    return;
  }
  const w = waiting.get(message.id);
  if (!w) return;
  waiting.delete(message.id);
  if (message.type === 'info') w.resolve(message.info as never);
  else if (message.type === 'vectors') {
    const dim = message.dimension;
    const count = dim === 0 ? 0 : message.flat.length / dim;
    w.resolve(Array.from({ length: count }, (_, i) => message.flat.subarray(i * dim, (i + 1) * dim)) as never);
  } else w.reject(reviveError(message.error));
});

/** The main thread's embedder, reached by messages. */
const embedder: Embedder = {
  init: () => ask<EmbedderInfo>((id) => ({ type: 'info', id })),
  embed: (texts) => (texts.length === 0 ? Promise.resolve([]) : ask<Float32Array[]>((id) => ({ type: 'embed', id, texts }))),
  close: async () => {},
};

const handled = new Int32Array(data.handled);
let seq = 0;
let phase: ReindexProgress['phase'] | null = null;

/**
 * Progress is posted as it comes; a change of phase also waits for the main thread to have handled it, so
 * listeners still see a phase before its work starts (a test kills the process on 'swap', before the publish).
 */
function onProgress(progress: ReindexProgress): void {
  seq++;
  const wait = progress.phase !== phase;
  phase = progress.phase;
  send({ type: 'progress', seq, progress, wait });
  if (!wait) return;
  const deadline = Date.now() + PHASE_ACK_TIMEOUT_MS;
  for (let seen = Atomics.load(handled, 0); seen < seq; seen = Atomics.load(handled, 0)) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    Atomics.wait(handled, 0, seen, left);
  }
}

try {
  const report = await reindex(
    { config: data.config, embedder },
    { full: data.full, ...(data.dir ? { dir: data.dir } : {}), signal: controller.signal },
    onProgress,
  );
  send({ type: 'done', report });
} catch (err) {
  send({ type: 'failed', error: serializeError(err), aborted: controller.signal.aborted });
}
port.close();
