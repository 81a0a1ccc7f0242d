// Text as the index and the scorers compare it: folded (no case, no diacritics), tokenised, stemmed.
// One copy for the store (FTS5 text), retrieval (query terms) and answering (overlap, figures).
import { STOPWORDS } from './stopwords.ts';

export { STOPWORDS };

/** Folds case and diacritics, for matching names written with and without them ("Çavuşoğlu" = "cavusoglu"). */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ı/g, 'i')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/** Folded word tokens; "S-400", "U.S." and "Russia's" stay one token each. */
export function tokenize(text: string): string[] {
  return foldForMatch(text).match(/[\p{L}\p{N}]+(?:[-.'’][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Content terms of a text, folded, without stop words, in order, without repeats. */
export function contentTerms(text: string): string[] {
  return [...new Set(tokenize(text).filter((t) => !STOPWORDS.has(t) && (t.length > 1 || /\d/.test(t))))];
}

/** Crude stem for overlap scoring: "sanctions" ~ "sanctioned" ~ "sanction". */
export function stem(term: string): string {
  return term.length <= 4 ? term : term.replace(/(?:ings?|ed|es|s|ly|ion|ions|ment|ments)$/, '').slice(0, 7);
}
