// Keeps the top sources from being five copies of one wire story: near-duplicates collapse, then MMR.
import { mmr } from '../shared/vector.ts';

export interface Candidate {
  chunkId: number;
  /** Relevance in [0, 1]. */
  score: number;
}

/** Passages by MMR (lambda 0.75); a passage nearly identical to a picked one (cosine ≥ 0.93) is dropped. */
export function diversify(candidates: Candidate[], vectors: Map<number, Float32Array>, k: number): Candidate[] {
  return mmr(
    candidates.filter((c) => vectors.has(c.chunkId)),
    k,
    { relevance: (c) => c.score, vector: (c) => vectors.get(c.chunkId)!, lambda: 0.75, duplicate: 0.93 },
  );
}
