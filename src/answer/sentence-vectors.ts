// Embeddings of candidate sentences, cached: the same passages come back for related questions.
import type { Embedder } from '../embed/embedder.ts';

const MAX_ENTRIES = 20_000;

export class SentenceVectors {
  private readonly cache = new Map<string, Float32Array>();

  constructor(private readonly embedder: Embedder) {}

  async get(texts: string[]): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((t) => !this.cache.has(t)))];
    if (missing.length) {
      const vectors = await this.embedder.embed(missing);
      for (const [i, t] of missing.entries()) this.cache.set(t, vectors[i]!);
      // Oldest first out: Map keeps insertion order.
      for (const key of this.cache.keys()) {
        if (this.cache.size <= MAX_ENTRIES) break;
        this.cache.delete(key);
      }
    }
    return texts.map((t) => this.cache.get(t)!);
  }

  clear(): void {
    this.cache.clear();
  }
}
