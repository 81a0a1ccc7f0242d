// Specific things a question names that the articles never mention: a name that appears nowhere in
// the corpus ("Venezuela", "Eras Tour"), or a year that none of the passages found is about. Either
// means the articles cannot answer it, however close the wording of some passage is.
import { foldForMatch } from '../shared/text.ts';
import type { Passage } from '../types.ts';
import { ftsQuery, queryTerms } from '../retrieve/terms.ts';
import { STOPWORDS } from '../shared/text.ts';

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

export function questionYears(question: string): string[] {
  return [...new Set([...question.matchAll(/\b(?:19|20)\d\d\b/g)].map((m) => m[0]))];
}

/** The FTS expression that finds a name, any of its alias spellings, as a phrase. */
function nameExpression(name: string): string | null {
  const terms = queryTerms(name);
  if (terms.length === 1) return ftsQuery(terms);
  const phrase = foldForMatch(name).replace(/"/g, '');
  return `"${phrase}"`;
}

/**
 * What the question names that the articles do not: names absent from the whole corpus, years that
 * no retrieved passage mentions or was published in.
 */
export function uncoveredSpecifics(question: string, passages: Passage[], corpusHas: (ftsExpression: string) => boolean): string[] {
  const missing: string[] = [];
  const absent = (phrase: string) => {
    const expr = nameExpression(phrase);
    return expr !== null && !corpusHas(expr);
  };
  for (const name of questionNames(question)) {
    if (!absent(name)) continue;
    // A multi-word name may be worded differently ("NFL MVP" for "NFL Most Valuable Player (MVP)") or be
    // two names run together ("ABC Movie"): it counts as missing only if one of its words is.
    const words = name.split(' ');
    if (words.length === 1 || words.some(absent)) missing.push(name);
  }
  for (const year of questionYears(question)) {
    if (!passages.some((p) => p.text.includes(year) || p.date?.startsWith(year))) missing.push(year);
  }
  return missing;
}

export function notCoveredMessage(missing: string[]): string {
  const list = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} or ${missing.at(-1)}`;
  return `The articles don't cover this: nothing in them mentions ${list}.`;
}
