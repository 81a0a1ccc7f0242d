// Near spellings of a word among the index's terms: "Ghandi" finds "gandhi", "Servies" finds "servic".
// Coverage uses them so that a misspelt name is not "never mentioned"; retrieval and sentence scoring use
// them so that a misspelt word still matches the passages that spell it right.
import { STOPWORDS } from '../shared/text.ts';

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions: "Lavorv" → "Lavrov" is 1),
 * stopping early above `max`. Written here because the maintained packages (fastest-levenshtein, leven)
 * count a transposition as two edits, the commonest misspelling of a name.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Same letters in another order ("ghandi" / "gandhi", "ghengi" / "genghi"): a moved letter, not another word. */
function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

/**
 * Indexed terms that `written` (folded; a possessive is dropped) misspells: one edit, two in a word of 8
 * letters or more, or letters moved (the same letters two edits apart, three in a long word: "ghandi" /
 * "gandhi", "nessecary" / "necessary", the commonest misspellings).
 * The index holds Porter stems ("genghi", "servic"), so the word is also compared without the endings a
 * stemmer cuts from nouns and names ("-s", "-es", "-e"; "-y" it writes "-i"). `termsLike` lists indexed
 * terms with the word's first letter and a length within the slack (ArchiveDb.termsLike).
 */
export function nearSpellings(written: string, termsLike: (word: string, slack: number) => string[]): string[] {
  const word = written.replace(/['’]s$/, '');
  if (word.length < 5 || /[^a-z]/.test(word)) return [];
  const max = word.length >= 8 ? 2 : 1;
  // Letters moved in a long word ("nessecary" / "necessary") may take three edits.
  const moved = word.length >= 8 ? 3 : 2;
  const forms = [...new Set([word, word.replace(/e?s$/, ''), word.replace(/s$/, ''), word.replace(/e$/, ''), word.replace(/y$/, 'i')])];
  const near = (t: string) =>
    forms.some((f) => {
      const d = editDistance(f, t, moved);
      return d <= max || (d <= moved && sameLetters(f, t));
    });
  // A stop word ("from" for "froum") would match every passage: no help in finding the meant word.
  return termsLike(word, 2).filter((t) => t.length >= 4 && !STOPWORDS.has(t) && near(t));
}
