// Sentences of retrieved passages, as candidates for an extractive answer or summary.
import { splitParagraphs, splitSentences, wordCount } from '../chunk/sentences.ts';
import type { Passage } from '../types.ts';

export interface CandidateSentence {
  /** Verbatim text: always a substring of `passage.text`. */
  text: string;
  passage: Passage;
  /** Offset of the sentence in its article (orders sentences of one article). */
  articleOffset: number;
}

/** Whole sentences worth quoting: headings, fragments and datelines are left out. */
export function candidateSentences(passages: Passage[]): CandidateSentence[] {
  const out: CandidateSentence[] = [];
  const seen = new Set<string>(); // overlapping chunks repeat a sentence; keep its first occurrence
  for (const passage of passages) {
    for (const p of splitParagraphs(passage.text)) {
      for (const s of splitSentences(p.text, p.start)) {
        const words = wordCount(s.text);
        if (words < 5) continue;
        if (!/[.!?]["'”’)\]]*$/.test(s.text) && words < 15) continue;
        const key = `${passage.articleId}:${passage.start + s.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ text: s.text, passage, articleOffset: passage.start + s.start });
      }
    }
  }
  return out;
}
