// What the indexer and retriever need from an embedding model, whichever provider serves it.
import { EmbedderError } from '../errors.ts';
import { normalize } from '../shared/vector.ts';
import type { EmbedderInfo } from '../types.ts';

export { EmbedderError };

export interface Embedder {
  /** Loads the model (or probes the server) and reports provider, model and dimension. */
  init(): Promise<EmbedderInfo>;
  /** Unit-length vectors, one per text, in input order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
  /**
   * The same model for bulk work (a reindex): its batches yield to questions waiting for the model.
   * Embedders without priorities leave it out, and callers use the embedder itself.
   */
  background?(): Embedder;
}

/** Runs `embedBatch` over batches of texts sorted by length, so a batch pads to similar lengths. */
export async function embedSorted(
  texts: string[],
  batchSize: number,
  embedBatch: (batch: string[]) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  const order = texts
    .map((t, i) => [t.length, i] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
  const out = new Array<Float32Array>(texts.length);
  for (let i = 0; i < order.length; i += batchSize) {
    const idx = order.slice(i, i + batchSize);
    const vectors = await embedBatch(idx.map((j) => texts[j]!));
    for (const [k, j] of idx.entries()) out[j] = normalize(vectors[k]!);
  }
  return out;
}
