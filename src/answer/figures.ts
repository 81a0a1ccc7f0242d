// Finds the figure a sentence gives for something the question asks about ("nearly two dozen phone calls"),
// so that sources that disagree on it can be shown side by side.
import { tokenize } from '../shared/text.ts';
import type { TermMatcher } from './overlap.ts';

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  dozen: 12,
  dozens: 24,
  hundreds: 200,
  thousand: 1000,
  thousands: 2000,
  million: 1e6,
  billion: 1e9,
};
const QUALIFIERS = new Set([
  'nearly',
  'almost',
  'about',
  'around',
  'roughly',
  'approximately',
  'over',
  'more',
  'than',
  'less',
  'fewer',
  'under',
  'at',
  'least',
  'some',
  'up',
  'to',
]);

export interface Figure {
  /** The words as written, e.g. "nearly two dozen". */
  phrase: string;
  /** Approximate value, for telling different figures apart. */
  value: number;
  /** The word the figure counts, as written (token after it). */
  about: string;
  /** Which question term that word is (its index): "phone" and "telephone" are the same term. */
  term: number;
}

function numberValue(tokens: string[]): number | null {
  let value: number | null = null;
  for (const t of tokens) {
    const n = /^\d[\d,]*(?:\.\d+)?$/.test(t) ? Number(t.replace(/,/g, '')) : NUMBER_WORDS[t];
    if (n === undefined) continue;
    value = value === null ? n : n >= 12 && value < n ? value * n : value + n;
  }
  return value;
}

/** Figures directly in front of a question term (at most two words between them). */
export function figuresFor(sentence: string, matcher: TermMatcher): Figure[] {
  // "6,650" is one number: the tokenizer would split it at the comma.
  const tokens = tokenize(sentence.replace(/(\d),(?=\d{3}\b)/g, '$1'));
  const written = (t: string) =>
    /^\d{4,}$/.test(t) && sentence.includes(Number(t).toLocaleString('en-US')) ? Number(t).toLocaleString('en-US') : t;
  const out: Figure[] = [];
  for (const { at: i, term } of matcher.matches(tokens)) {
    for (let gap = 1; gap <= 3; gap++) {
      const end = i - gap; // last number token
      if (end < 0) break;
      const isNum = (t: string | undefined) => t !== undefined && (/^\d[\d,]*(?:\.\d+)?$/.test(t) || t in NUMBER_WORDS);
      if (!isNum(tokens[end])) continue;
      let start = end;
      while (start > 0 && (isNum(tokens[start - 1]) || QUALIFIERS.has(tokens[start - 1]!))) start--;
      const phraseTokens = tokens.slice(start, end + 1);
      const value = numberValue(phraseTokens);
      if (value !== null && !/^(19|20)\d\d$/.test(tokens[end]!)) {
        out.push({ phrase: phraseTokens.map(written).join(' '), value, about: tokens[i]!, term });
      }
      break;
    }
  }
  return out;
}
