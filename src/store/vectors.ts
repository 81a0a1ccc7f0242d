// The dense index: hnswlib (cosine), labels = chunk ids.
import { IndexMismatchError } from '../errors.ts';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export const HNSW_PARAMS = { M: 16, efConstruction: 200, efSearch: 100 } as const;

export interface VectorHit {
  chunkId: number;
  /** Cosine similarity (1 = same direction). */
  similarity: number;
}

export class VectorIndex {
  private constructor(
    private readonly index: Hnsw,
    readonly dimension: number,
    /** Points marked deleted but still taking room; see `needsCompaction`. */
    public deleted: number,
  ) {}

  static create(dimension: number, capacity: number): VectorIndex {
    const index = new HierarchicalNSW('cosine', dimension);
    index.initIndex({ maxElements: Math.max(16, capacity), m: HNSW_PARAMS.M, efConstruction: HNSW_PARAMS.efConstruction, randomSeed: 42 });
    index.setEf(HNSW_PARAMS.efSearch);
    return new VectorIndex(index, dimension, 0);
  }

  static load(file: string, dimension: number, deleted: number): VectorIndex {
    const index = new HierarchicalNSW('cosine', dimension);
    index.readIndexSync(file);
    index.setEf(HNSW_PARAMS.efSearch);
    return new VectorIndex(index, dimension, deleted);
  }

  get size(): number {
    return this.index.getCurrentCount() - this.deleted;
  }

  add(chunkId: number, vector: Float32Array): void {
    const needed = this.index.getCurrentCount() + 1;
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.ceil(needed * 1.5));
    this.index.addPoint(Array.from(vector), chunkId);
  }

  remove(chunkId: number): void {
    this.index.markDelete(chunkId);
    this.deleted++;
  }

  /** Deleted points still cost search time and memory; rebuild once they are a fifth of the index. */
  needsCompaction(): boolean {
    return this.deleted > 0 && this.deleted >= 0.2 * this.index.getCurrentCount();
  }

  search(vector: Float32Array, k: number, filter?: (chunkId: number) => boolean): VectorHit[] {
    if (vector.length !== this.dimension) {
      throw new IndexMismatchError(
        `The index holds ${this.dimension}-dimension vectors but the embedder now gives ${vector.length}: the embedding model ` +
          'or EMBEDDING_DIMENSIONS changed since the index was built. Rebuild it with `archivist index --full`.',
      );
    }
    const live = this.size;
    if (live === 0 || k <= 0) return [];
    const n = Math.min(k, live);
    if (this.index.getEf() < n) this.index.setEf(n);
    const res = this.index.searchKnn(Array.from(vector), n, filter);
    return res.neighbors.map((chunkId, i) => ({ chunkId, similarity: 1 - res.distances[i]! }));
  }

  save(file: string): void {
    this.index.writeIndexSync(file);
  }
}
