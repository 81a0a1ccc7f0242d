// Fusion of the dense and keyword candidate lists into one ranking.

export interface Ranked {
  chunkId: number;
  score: number;
}

export interface Fused {
  chunkId: number;
  score: number;
  dense: number | null;
  keyword: number | null;
}

/**
 * Weighted min-max fusion: each list's scores scaled to [0, 1] within the list, then alpha·dense + (1-alpha)·keyword.
 * On SQuAD it beats reciprocal rank fusion (see README, Evaluation): RRF weighs a weak list as much as a strong one.
 */
export function weightedFusion(dense: Ranked[], keyword: Ranked[], alpha: number): Fused[] {
  const scale = (list: Ranked[]) => {
    const max = Math.max(...list.map((r) => r.score));
    const min = Math.min(...list.map((r) => r.score));
    const span = max - min || 1;
    return new Map(list.map((r) => [r.chunkId, list.length === 1 ? 1 : (r.score - min) / span]));
  };
  const d = scale(dense);
  const k = scale(keyword);
  const rawD = new Map(dense.map((r) => [r.chunkId, r.score]));
  const rawK = new Map(keyword.map((r) => [r.chunkId, r.score]));
  const ids = new Set([...d.keys(), ...k.keys()]);
  return [...ids]
    .map((chunkId) => ({
      chunkId,
      score: alpha * (d.get(chunkId) ?? 0) + (1 - alpha) * (k.get(chunkId) ?? 0),
      dense: rawD.get(chunkId) ?? null,
      keyword: rawK.get(chunkId) ?? null,
    }))
    .sort((a, b) => b.score - a.score);
}

/** Reciprocal rank fusion (Cormack et al.), k = 60. */
export function reciprocalRankFusion(dense: Ranked[], keyword: Ranked[], k = 60): Fused[] {
  const out = new Map<number, Fused>();
  const add = (list: Ranked[], which: 'dense' | 'keyword') =>
    list.forEach((r, rank) => {
      const f = out.get(r.chunkId) ?? { chunkId: r.chunkId, score: 0, dense: null, keyword: null };
      f.score += 1 / (k + rank + 1);
      f[which] = r.score;
      out.set(r.chunkId, f);
    });
  add(dense, 'dense');
  add(keyword, 'keyword');
  return [...out.values()].sort((a, b) => b.score - a.score);
}
