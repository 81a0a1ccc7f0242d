// Keeps the top sources from being five copies of one wire story: near-duplicates collapse, then MMR.

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s; // vectors are unit length
}

export interface Candidate {
  chunkId: number;
  /** Relevance in [0, 1]. */
  score: number;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein): each pick maximises
 * lambda·relevance − (1−lambda)·(similarity to what is already picked).
 * A candidate nearly identical to a picked one (cosine ≥ duplicate) is dropped outright.
 */
export function mmr(
  candidates: Candidate[],
  vectors: Map<number, Float32Array>,
  k: number,
  options: { lambda?: number; duplicate?: number } = {},
): Candidate[] {
  const lambda = options.lambda ?? 0.75;
  const duplicate = options.duplicate ?? 0.93;
  const pool = candidates.filter((c) => vectors.has(c.chunkId));
  const picked: Candidate[] = [];
  while (picked.length < k && pool.length > 0) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      const v = vectors.get(c.chunkId)!;
      const maxSim = picked.reduce((m, p) => Math.max(m, cosine(v, vectors.get(p.chunkId)!)), 0);
      if (maxSim >= duplicate) {
        pool.splice(i--, 1);
        continue;
      }
      const value = lambda * c.score - (1 - lambda) * maxSim;
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
