// Keeps the top sources from being five copies of one wire story: near-duplicates collapse, then MMR.
import { mmr } from '../shared/vector.ts';

export interface Candidate {
  chunkId: number;
  /** Relevance in [0, 1]. */
  score: number;
}

/** The figures a text states, as one comparable string ("2.5 13 2020"). */
export function figuresOf(text: string): string {
  return (text.match(/\d[\d,.]*\d|\d/g) ?? []).sort().join(' ');
}

/**
 * Passages by MMR (lambda 0.75); a passage nearly identical to a picked one (cosine ≥ 0.93) is dropped,
 * unless it states other figures: a copy of a wire story that gives another number is a second source
 * that disagrees, which the answer must be able to show.
 */
export function diversify(
  candidates: Candidate[],
  vectors: Map<number, Float32Array>,
  k: number,
  texts?: Map<number, string>,
): Candidate[] {
  const figures = new Map([...(texts ?? new Map<number, string>())].map(([id, t]) => [id, figuresOf(t)]));
  return mmr(
    candidates.filter((c) => vectors.has(c.chunkId)),
    k,
    {
      relevance: (c) => c.score,
      vector: (c) => vectors.get(c.chunkId)!,
      lambda: 0.75,
      duplicate: 0.93,
      differs: (a, b) => figures.has(a.chunkId) && figures.has(b.chunkId) && figures.get(a.chunkId) !== figures.get(b.chunkId),
    },
  );
}
