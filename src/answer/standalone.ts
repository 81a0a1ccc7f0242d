// Sentences that can be read alone. A quoted sentence that leans on the one before it ("He further added
// that …", "They met in Sochi in September.", a quote without its speaker) brings that sentence along, and a
// sentence cut inside a quotation gets its closing mark back.
import { splitSentences } from '../chunk/sentences.ts';
import type { CandidateSentence } from './candidates.ts';

// A subject that refers back: a pronoun, or "the company"/"the minister", possibly after a connective.
const LEANS =
  /^(?:(?:additionally|moreover|however|meanwhile|also|furthermore|in addition|at the same time|but|and|so)\s*,?\s+)?(?:he|she|they|it|this|these|those|his|her|their|its|the (?:company|minister|ministry|official|president|group|firm|deal|move|two|latter|former))\b/i;
const SPEECH = /\b(said|says|say|stressed|added|noted|told|stated|according|asked|emphasi[sz]ed|declared|insisted|warned)\b/i;

/** Whether a sentence needs the one before it to be understood. */
export function leansOnPrevious(sentence: string): boolean {
  const s = sentence.trim();
  if (LEANS.test(s)) return true;
  // A quotation with no speaker in it: "We have repeatedly emphasized that these sanctions are illegal."
  return /^["“]/.test(s) && !SPEECH.test(s.replace(/["“][^"”]*["”]/g, ''));
}

/** The sentence before `sentence` in its passage (verbatim), or null at the passage's start. */
export function previousSentence(sentence: CandidateSentence): string | null {
  const p = sentence.passage;
  const at = sentence.articleOffset - p.start;
  const before = splitSentences(p.text.slice(0, Math.max(0, at))).filter((s) => s.text.trim().length > 0);
  const last = before.at(-1);
  // A heading or dateline is no help: only a real sentence.
  return last && /[.!?]["'”’)]*$/.test(last.text) && last.text.split(/\s+/).length >= 5 ? last.text : null;
}

/** The marks that close an unbalanced quotation, to print after the sentence ("" when it is balanced). */
export function closingQuote(sentence: string): string {
  const open = (sentence.match(/“/g) ?? []).length;
  const close = (sentence.match(/”/g) ?? []).length;
  if (open > close) return '”';
  if ((sentence.match(/"/g) ?? []).length % 2 === 1 && /^"|\s"/.test(sentence)) return '"';
  return '';
}

/** The opening mark of a quotation whose start was cut off ("" when none is missing). */
export function openingQuote(sentence: string): string {
  const open = (sentence.match(/“/g) ?? []).length;
  const close = (sentence.match(/”/g) ?? []).length;
  if (close > open) return '“';
  // A lone straight mark that closes (after a word: `region," it added.`) lost its opening one.
  if ((sentence.match(/"/g) ?? []).length % 2 === 1 && !/^"|\s"/.test(sentence)) return '"';
  return '';
}
