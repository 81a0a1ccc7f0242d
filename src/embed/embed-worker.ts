// The worker thread of the embedding pool (embed/pool.ts): loads the local model once, with the onnxruntime
// thread counts it was given, and embeds batches of texts (tokenising included) off the main thread.
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import type { EmbedderInfo } from '../types.ts';
import { LocalEmbedder, type LocalEmbedderOptions } from './local.ts';

export interface EmbedWorkerData extends LocalEmbedderOptions {
  module: string;
}

export type EmbedTask = { kind: 'init' } | { kind: 'embed'; texts: string[] };

export interface InitResult {
  info: EmbedderInfo;
  heapUsedBytes: number;
}

/** Texts of the lengths questions and sentences have: the first runs of a session allocate and are slow. */
const WARM_UP = [
  'What did the minister say?',
  'The US earlier this month punished Turkey for buying the air defense system, imposing rare sanctions on a NATO ally.',
];

const options = workerData as EmbedWorkerData;
const embedder = new LocalEmbedder({
  modelDir: options.modelDir,
  batchSize: options.batchSize,
  intraOpThreads: options.intraOpThreads,
  interOpThreads: options.interOpThreads,
  verified: options.verified,
});

export default async function run(task: EmbedTask): Promise<InitResult | Float32Array> {
  if (task.kind === 'init') {
    const info = await embedder.init();
    for (const text of WARM_UP) await embedder.embed([text]);
    await embedder.embed(WARM_UP);
    return { info, heapUsedBytes: process.memoryUsage().heapUsed };
  }
  const vectors = await embedder.embed(task.texts);
  const dimension = vectors[0]?.length ?? 0;
  const flat = new Float32Array(vectors.length * dimension);
  for (const [i, v] of vectors.entries()) flat.set(v, i * dimension);
  // Moved, not copied: the buffer's ownership passes to the main thread (piscina only moves a top-level result).
  return move(flat) as Float32Array;
}
