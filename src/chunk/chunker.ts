// Sentence-aware chunking sized for the embedding model (all-MiniLM-L6-v2 reads at most 256 word pieces).
import type { ChunkDraft } from '../types.ts';
import { splitParagraphs, splitSentences, wordCount, type Span } from './sentences.ts';

export interface ChunkOptions {
  /** Aim for about this many words per chunk (~1.3 word pieces each, plus the title). */
  targetWords: number;
  /** Sentences repeated at the start of the next chunk, so a fact on a boundary is whole somewhere. */
  overlapSentences: number;
}

/** Sentences of the whole text; a sentence longer than the hard limit is cut at word boundaries. */
function sentenceUnits(text: string, maxWords: number): Span[] {
  const units: Span[] = [];
  for (const p of splitParagraphs(text)) {
    for (const s of splitSentences(p.text, p.start)) {
      if (wordCount(s.text) <= maxWords) {
        units.push(s);
        continue;
      }
      const words = [...s.text.matchAll(/\S+/g)];
      for (let i = 0; i < words.length; i += maxWords) {
        const first = words[i]!;
        const last = words[Math.min(i + maxWords, words.length) - 1]!;
        const start = s.start + first.index!;
        const end = s.start + last.index! + last[0].length;
        units.push({ text: text.slice(start, end), start, end });
      }
    }
  }
  return units;
}

export function chunkText(text: string, options: ChunkOptions): ChunkDraft[] {
  const { targetWords, overlapSentences } = options;
  const maxWords = Math.round(targetWords * 1.4);
  const units = sentenceUnits(text, maxWords);
  const words = units.map((u) => wordCount(u.text));
  const groups: Array<[number, number]> = []; // [first, last] unit index, inclusive
  let first = 0;
  while (first < units.length) {
    let last = first;
    let count = words[first]!;
    while (last + 1 < units.length && count < targetWords && count + words[last + 1]! <= maxWords) {
      last++;
      count += words[last]!;
    }
    groups.push([first, last]);
    if (last + 1 >= units.length) break;
    // Overlap, but always move forward by at least one sentence.
    first = Math.max(first + 1, last + 1 - overlapSentences);
  }
  // A short tail folds into the chunk before it when both fit.
  const tail = groups[groups.length - 1];
  const before = groups[groups.length - 2];
  if (tail && before) {
    const tailWords = sum(words, Math.max(tail[0], before[1] + 1), tail[1]);
    if (tailWords < targetWords * 0.35 && sum(words, before[0], tail[1]) <= maxWords) {
      groups.pop();
      before[1] = tail[1];
    }
  }
  return groups.map(([a, b], position) => {
    const start = units[a]!.start;
    const end = units[b]!.end;
    return { position, start, end, text: text.slice(start, end) };
  });
}

function sum(values: number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += values[i]!;
  return s;
}
