// A deterministic stand-in for the embedding model, for the fast tier: each word is hashed into one of 256
// dimensions (stemmed, lower-cased), so texts sharing words are close and nothing needs the real model.
import { stem, tokenize } from '../../src/shared/text.ts';

const DIMENSIONS = 256;

function hash(word: string): number {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return (h >>> 0) % DIMENSIONS;
}

/** A unit vector of the text's words. */
export function fakeVector(text: string): Float32Array {
  const v = new Float32Array(DIMENSIONS);
  for (const t of tokenize(text)) v[hash(stem(t))]! += 1;
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
