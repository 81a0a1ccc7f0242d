// The dense index: hnswlib (cosine), labels = chunk ids.
import fs from 'node:fs';
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

  /** Points stored in the file, deleted ones included (what `checkVectorFile` expects to find). */
  get stored(): number {
    return this.index.getCurrentCount();
  }
}

/** hnswlib's file header: 6 size_t, 2 ints, 3 size_t, a double and a size_t (hnswalg.h, saveIndex). */
const HEADER_BYTES = 96;

/**
 * Checks an hnswlib file's structure without loading it: the header's point count and record size, then every
 * point's link-list length, up to the exact end of the file. hnswlib's own loader trusts the header (a damaged
 * one can make it allocate gigabytes), and its writer does not report a full disk (it wrote 128 KiB of a larger
 * index to a full tmpfs without an error), so a file is checked before it is loaded and before it is published.
 * Returns what is wrong, or null.
 */
export function checkVectorFile(file: string, dimension: number, expectedPoints: number): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'vectors.hnsw is missing' : `vectors.hnsw cannot be read (${code ?? (err as Error).message})`;
  }
  try {
    const total = fs.fstatSync(fd).size;
    if (total < HEADER_BYTES) return `vectors.hnsw is ${total} bytes, too short for its header`;
    const header = Buffer.alloc(HEADER_BYTES);
    fs.readSync(fd, header, 0, HEADER_BYTES, 0);
    const size = (offset: number) => Number(header.readBigUInt64LE(offset));
    const count = size(16);
    const perPoint = size(24);
    const maxM = size(56);
    const maxM0 = size(64);
    // Level 0 of a point: M0 neighbour ids and their count (4 bytes each), the vector (4 bytes a dimension), the label (8).
    if (maxM !== HNSW_PARAMS.M || maxM0 !== 2 * HNSW_PARAMS.M || perPoint !== maxM0 * 4 + 4 + dimension * 4 + 8) {
      return `vectors.hnsw's header is not that of an hnswlib index of ${dimension}-dimension vectors`;
    }
    if (count !== expectedPoints) return `vectors.hnsw holds ${count} vectors where the index has ${expectedPoints}`;
    // After level 0 come the upper-level link lists, each preceded by its length: small, so read whole.
    const tailStart = HEADER_BYTES + count * perPoint;
    if (tailStart + 4 * count > total) return `vectors.hnsw is cut short at ${total} bytes, as when written on a full disk`;
    const tail = Buffer.alloc(total - tailStart);
    fs.readSync(fd, tail, 0, tail.length, tailStart);
    const linksPerLevel = maxM * 4 + 4;
    let offset = 0;
    for (let i = 0; i < count; i++) {
      if (offset + 4 > tail.length) return `vectors.hnsw is cut short at ${total} bytes, as when written on a full disk`;
      const links = tail.readUInt32LE(offset);
      if (links % linksPerLevel !== 0) return 'vectors.hnsw is damaged: a link list has an impossible length';
      offset += 4 + links;
    }
    if (offset > tail.length) return `vectors.hnsw is cut short at ${total} of ${tailStart + offset} bytes, as when written on a full disk`;
    if (offset < tail.length) return `vectors.hnsw has ${tail.length - offset} bytes more than its index`;
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
