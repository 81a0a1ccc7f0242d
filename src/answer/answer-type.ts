// What kind of answer a question wants ("how many" → a figure, "when" → a date), so sentences that
// hold that kind of thing rank above ones that merely share the question's words.
import { STOPWORDS, tokenize } from '../shared/text.ts';

export type AnswerType = 'number' | 'date' | 'place' | 'person' | 'other';

// "When UPT bought ABC, what was the merged company called?": a leading clause (when, if, after, before,
// while, once) sets the scene; the question is the one after the comma. Not "When did Luther, who was a
// monk, …?": a "when" followed by its auxiliary is the question itself.
const SCENE =
  /^(when|if|after|before|while|once)\b(?!\s+(did|does|do|was|were|is|are|has|had|have|will|would|can|could|should|might|may)\b)[^,?]*,\s*(?=(what|which|who|whom|whose|where|when|how|why)\b)/;

export function answerType(question: string): AnswerType {
  const q = question.toLowerCase().trim().replace(SCENE, '');
  if (/\bhow (many|much|often|long|far|big|large)\b|\bwhat (percentage|share|number|amount|figure)\b/.test(q)) return 'number';
  if (/^when\b|\bwhat (date|day|year|month|time)\b|\bin which year\b/.test(q)) return 'date';
  if (/^where\b|\bin which (city|country|place|region)\b|\bwhat (city|country|place|venue)\b/.test(q)) return 'place';
  if (/^who\b|\bwhich (minister|president|leader|official|person|agency)\b/.test(q)) return 'person';
  return 'other';
}

const MONTH =
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last (year|week|month)|this year)\b/i;
// A figure, not the digits of a name such as S-400 or COVID-19.
const NUMBER =
  /(?<![\p{L}\p{N}-])\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion)s?\b/iu;

/** Capitalised words of the sentence that the question does not already contain (candidate names). */
function newNames(sentence: string, question: string): string[] {
  const q = question.toLowerCase();
  return (sentence.match(/(?<=\s)\p{Lu}[\p{L}’'-]+/gu) ?? []).filter((w) => !q.includes(w.toLowerCase().replace(/[’']s$/, '')));
}

/** True when the sentence holds an answer of the wanted type. */
export function hasAnswerType(type: AnswerType, sentence: string, question: string): boolean {
  switch (type) {
    case 'number':
      return NUMBER.test(sentence.replace(/\b(19|20)\d\d\b/g, ''));
    case 'date':
      return MONTH.test(sentence) || /\b(19|20)\d\d\b/.test(sentence);
    case 'place':
    case 'person':
      return newNames(sentence, question).length > 0;
    default:
      return false;
  }
}

/** The word a "how many" / "how much" question counts ("how many phone talks" → "phone"), or null. */
export function countedWord(question: string): string | null {
  const tokens = tokenize(question);
  const how = tokens.findIndex((t, i) => t === 'how' && /^(many|much)$/.test(tokens[i + 1] ?? ''));
  return how < 0 ? null : (tokens.slice(how + 2).find((t) => !STOPWORDS.has(t)) ?? null);
}
