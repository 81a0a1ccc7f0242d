// Specific things a question names that the articles never mention: a name that appears nowhere in
// the corpus ("Venezuela", "Eras Tour"), or a year that none of the passages found is about. Either
// means the articles cannot answer it, however close the wording of some passage is.
import { nearSpellings } from '../retrieve/spelling.ts';
import { ftsQuery, ftsString, queryTerms } from '../retrieve/terms.ts';
import { questionYears, yearCovered } from '../retrieve/time.ts';
import { foldForMatch, STOPWORDS } from '../shared/text.ts';
import type { Passage } from '../types.ts';
import { adjectivesOf, placesOf } from '../shared/demonyms.ts';

// Capitalised for grammar, not because they name something.
const NOT_NAMES = new Set([
  ...STOPWORDS,
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'is',
  'are',
  'was',
  'were',
  'according',
]);

/** Runs of capitalised words, minus the question's first word and words after a sentence break. */
export function questionNames(question: string): string[] {
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) names.push(run.join(' '));
    run = [];
  };
  const tokens = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*|[?!.;:,"“”()]/gu)].map((m) => m[0]);
  tokens.forEach((tok, i) => {
    const word = tok.replace(/[’']s$/, '').replace(/[.-]+$/, '');
    const startOfSentence = i === 0 || /^[?!.;:"“(]$/.test(tokens[i - 1]!);
    if (/^\p{Lu}/u.test(word) && !startOfSentence && !NOT_NAMES.has(word.toLowerCase()) && word.length > 1) {
      run.push(word);
      if (word !== tok) flush(); // a possessive ends the name: "Turkey's NATO membership"
    } else flush();
  });
  flush();
  return names;
}

/** The FTS expression that finds a name, any of its alias spellings, as a phrase. */
function nameExpression(name: string): string | null {
  const terms = queryTerms(name);
  if (terms.length === 1) return ftsQuery(terms);
  const phrase = foldForMatch(name).replace(/"/g, '');
  return `"${phrase}"`;
}

/** What the corpus can be asked about the question's specifics. */
export interface CorpusProbe {
  /** Whether any visible article matches an FTS5 expression. */
  has(ftsExpression: string): boolean;
  /** Whether any visible article is dated in the year. */
  hasYear(year: string): boolean;
  /** Indexed terms with the word's first letter and a length within `slack` of it (for near spellings). */
  termsLike?(word: string, slack: number): string[];
}

/** A name misspelt by an edit or a moved letter ("Hollwood", "Ghandi", spelling.ts) is mentioned when its indexed spelling is. */
function nearlySpelt(word: string, corpus: CorpusProbe): boolean {
  const termsLike = corpus.termsLike;
  return !!termsLike && nearSpellings(word, termsLike).some((t) => corpus.has(ftsString(t)));
}

/**
 * Whether the corpus mentions a name in any of the forms news text uses for it: its aliases ("UN" for
 * "United Nations"), the place an adjective names ("American" → US), each part of a hyphenated compound
 * ("Russia-Ukraine", "Soviet-era": the lower-case part is a common word, not a name).
 */
function mentioned(name: string, corpus: CorpusProbe, depth = 0, near = true): boolean {
  const expr = nameExpression(name);
  if (expr === null || corpus.has(expr)) return true;
  if (depth > 1) return false;
  const folded = foldForMatch(name);
  const again = (p: string) => p !== folded && mentioned(p, corpus, depth + 1, near);
  if (placesOf(folded).some(again)) return true;
  const parts = name.split(/[-–]/).filter(Boolean);
  // Compounds of places ("Russia-Ukraine", "Soviet-era") and compound adjectives ("Halloween-themed");
  // "Secretary-General" is one name, not two.
  const isPlace = (part: string) => placesOf(foldForMatch(part)).length > 0 || adjectivesOf(foldForMatch(part)).length > 0;
  if (parts.length > 1 && parts.some((part) => isPlace(part) || !/^\p{Lu}/u.test(part)))
    return parts.every((part) => !/^\p{Lu}/u.test(part) || mentioned(part, corpus, depth + 1, near));
  // A plural or possessive the stemmer does not fold ("Americans", "Soviets").
  const singular = folded.replace(/(?:'s|s)$/, '');
  if (singular !== folded && placesOf(singular).some(again)) return true;
  return near && !name.includes(' ') && nearlySpelt(folded.replace(/['’]s?$/, ''), corpus);
}

/**
 * What the question names that the articles do not: names absent from the whole corpus in every form,
 * years that no retrieved passage mentions and no article is dated in.
 */
export function uncoveredSpecifics(question: string, passages: Passage[], corpus: CorpusProbe): string[] {
  const missing: string[] = [];
  const absent = (phrase: string) => !mentioned(phrase, corpus);
  for (const name of questionNames(question)) {
    if (!absent(name)) continue;
    // A multi-word name may be worded differently ("NFL MVP" for "NFL Most Valuable Player (MVP)") or be
    // two names run together ("ABC Movie"): it counts as missing only if one of its words is, or if none is
    // there as written. A near spelling mends one misspelt word ("Ghengis Khan"), not a whole name: every
    // word of "Giorgia Meloni" is one edit from an indexed word (Georgia, melon) of articles about neither.
    const words = name.split(' ');
    if (words.length === 1 || words.some(absent) || !words.some((w) => mentioned(w, corpus, 0, false))) missing.push(name);
  }
  for (const year of questionYears(question)) {
    if (!yearCovered(year, passages) && !corpus.hasYear(year)) missing.push(year);
  }
  return missing;
}

export function notCoveredMessage(missing: string[]): string {
  const list = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} or ${missing.at(-1)}`;
  return `The articles don't cover this: nothing in them mentions ${list}.`;
}
