// Vector arithmetic on unit-length embeddings, and maximal marginal relevance over them. One copy for
// retrieval (passages) and answering (sentences).

/** Dot product; for the unit-length vectors every embedder returns, the cosine similarity. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Scales `v` to unit length in place (a no-op when it already is) and returns it. */
export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0 && Math.abs(n - 1) > 1e-4) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** The unit-length mean direction of some vectors. */
export function centroid(vectors: Float32Array[]): Float32Array {
  const c = new Float32Array(vectors[0]?.length ?? 0);
  for (const v of vectors) for (let i = 0; i < c.length; i++) c[i]! += v[i]!;
  return normalize(c);
}

export interface MmrOptions<T> {
  /** Relevance of an item, in about [0, 1]. */
  relevance: (item: T) => number;
  vector: (item: T) => Float32Array;
  /** Weight of relevance against novelty (default 0.75). */
  lambda?: number;
  /** An item at least this similar to a picked one is dropped outright (default: never). */
  duplicate?: number;
  /** Items that may never be picked together, beyond vector similarity (e.g. the same words). */
  sameAs?: (a: T, b: T) => boolean;
  /** A near-duplicate (see `duplicate`) that this says differs from the picked item it resembles is kept. */
  differs?: (picked: T, item: T) => boolean;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein): each pick maximises
 * lambda·relevance − (1−lambda)·(similarity to what is already picked).
 */
export function mmr<T>(items: readonly T[], k: number, options: MmrOptions<T>): T[] {
  const lambda = options.lambda ?? 0.75;
  const duplicate = options.duplicate ?? Number.POSITIVE_INFINITY;
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < k && pool.length > 0) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pool.length; i++) {
      const item = pool[i]!;
      const v = options.vector(item);
      let maxSim = 0;
      let nearest: T | null = null;
      for (const p of picked) {
        const sim = cosine(v, options.vector(p));
        if (sim > maxSim) [maxSim, nearest] = [sim, p];
      }
      const differs = maxSim >= duplicate && nearest !== null && options.differs?.(nearest, item) === true;
      if ((maxSim >= duplicate && !differs) || (options.sameAs && picked.some((p) => options.sameAs!(p, item)))) {
        pool.splice(i--, 1);
        continue;
      }
      // A near-copy that differs is not redundant: it is the other side of a disagreement.
      const value = lambda * options.relevance(item) - (1 - lambda) * (differs ? 0 : maxSim);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    picked.push(pool.splice(best, 1)[0]!);
  }
  return picked;
}
