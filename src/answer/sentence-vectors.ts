// Embeddings of candidate sentences, cached: the same passages come back for related questions. In memory
// first, then (when given one) in the on-disk cache that outlives restarts and reindexes, and only then
// embedded. Measured against embedding per question and against storing every sentence at index time in
// README, "Performance".
import type { EmbeddingCache } from '../embed/embedding-cache.ts';
import type { Embedder } from '../embed/embedder.ts';

const MAX_ENTRIES = 20_000;

export interface SentenceVectorsOptions {
  /** Vectors kept on disk (INDEX_DIR/sentence-vectors.db); without it, only this process's memory. */
  store?: EmbeddingCache | null;
}

export class SentenceVectors {
  private readonly cache = new Map<string, Float32Array>();
  private readonly store: EmbeddingCache | null;
  /** Sentences embedded, found on disk and found in memory since this object was made (for the bench). */
  readonly counts = { embedded: 0, fromStore: 0, fromMemory: 0 };

  constructor(
    private readonly embedder: Embedder,
    options: SentenceVectorsOptions = {},
  ) {
    this.store = options.store ?? null;
  }

  async get(texts: string[]): Promise<Float32Array[]> {
    // Collected here, not read back from the cache: with the cache full, remembering the missing ones may
    // push out a vector found in it a moment before.
    const unique = [...new Set(texts)];
    const found = new Map<string, Float32Array>();
    for (const t of unique) {
      const v = this.cache.get(t);
      if (v) found.set(t, v);
    }
    let missing = unique.filter((t) => !found.has(t));
    this.counts.fromMemory += found.size;
    if (missing.length && this.store) {
      const stored = this.store.get(missing);
      for (const [i, t] of missing.entries()) {
        if (!stored[i]) continue;
        found.set(t, stored[i]);
        this.remember(t, stored[i]);
      }
      missing = missing.filter((_, i) => !stored[i]);
      this.counts.fromStore += stored.filter(Boolean).length;
    }
    if (missing.length) {
      const vectors = await this.embedder.embed(missing);
      this.counts.embedded += missing.length;
      for (const [i, t] of missing.entries()) {
        found.set(t, vectors[i]!);
        this.remember(t, vectors[i]!);
      }
      this.store?.put(missing.map((t, i) => [t, vectors[i]!]));
    }
    return texts.map((t) => found.get(t)!);
  }

  /**
   * Embeds, with `embedder` (a background one), the texts the disk cache lacks, and stores them without keeping
   * them in memory. Returns how many were embedded; 0 without a disk cache, or once it is nearly full (filling
   * it further would only push out vectors in use).
   */
  async prefill(texts: string[], embedder: Embedder): Promise<number> {
    const store = this.store;
    if (!store || this.storeFull()) return 0;
    const missing = store.missing([...new Set(texts)]);
    if (missing.length === 0) return 0;
    const vectors = await embedder.embed(missing);
    store.put(missing.map((t, i) => [t, vectors[i]!]));
    return missing.length;
  }

  /** No disk cache, or one nearly full. */
  storeFull(): boolean {
    return !this.store || this.store.rows() >= this.store.capacity * 0.9;
  }

  clear(): void {
    this.cache.clear();
  }

  private remember(text: string, vector: Float32Array): void {
    this.cache.set(text, vector);
    // Oldest first out: Map keeps insertion order.
    for (const key of this.cache.keys()) {
      if (this.cache.size <= MAX_ENTRIES) break;
      this.cache.delete(key);
    }
  }
}
