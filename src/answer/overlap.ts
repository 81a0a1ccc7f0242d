// How much of a question's content a sentence contains: terms (with name variants) weighted by rarity.
import { foldForMatch } from '../shared/text.ts';
import type { QueryTerm } from '../retrieve/terms.ts';
import { STOPWORDS, stem, tokenize } from '../shared/text.ts';

export interface TermMatcher {
  /** Weighted share of the question's terms found in the text, in [0, 1]. */
  overlap(text: string): number;
  /** Where question terms are in the text: token index, and which term (its index) is there. */
  matches(tokens: string[]): Array<{ at: number; term: number }>;
}

function variantMatcher(variant: string): (folded: string, stems: Set<string>, original: string) => boolean {
  // An abbreviation that is also a common word ("US" / "us", "IT"): only in capitals. ("us" is not a
  // stopword, so that the search keeps "US".)
  if (STOPWORDS.has(variant) || variant === 'us') {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])${variant.toUpperCase()}($|[^\\p{L}\\p{N}])`, 'u');
    return (_folded, _stems, original) => re.test(original);
  }
  if (/[\s.-]/.test(variant)) {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])${variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u');
    return (folded) => re.test(folded);
  }
  const s = stem(variant);
  // Prefix match catches what the crude stemmer misses: "russia" ~ "russian", "settle" ~ "settlement".
  return (_folded, stems) =>
    stems.has(s) || (s.length >= 5 && [...stems].some((t) => t.startsWith(s) || (t.length >= 5 && s.startsWith(t))));
}

/**
 * A person's given names in the question ("Sergey" of "Sergey Lavrov"): news text names people by surname
 * after the first mention, so the surname alone stands for the whole name and the given name is no
 * separate term to find. A run of two or three capitalised words is taken for a person when, in the
 * candidate sentences, its last word also stands alone and its other words never do ("Joint Strategic
 * Planning Group" is not one: "Group" never stands without "Planning").
 */
function givenNames(question: string, terms: QueryTerm[], corpus: string[]): Set<string> {
  const out = new Set<string>();
  const has = new Set(terms.map((t) => t.term));
  const text = corpus.map(foldForMatch).join(' \n ');
  const count = (re: string) => (text.match(new RegExp(re, 'gu')) ?? []).length;
  const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of question.matchAll(/\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2}(?!\s+\p{Lu})/gu)) {
    const words = m[0].split(/\s+/).map((w) => foldForMatch(w.replace(/['’]s$/, '')));
    const last = words.at(-1)!;
    const before = words.at(-2)!;
    if (!has.has(last)) continue;
    const whole = count(`\\b${esc(words.join(' '))}\\b`);
    const surnameAlone = count(`\\b${esc(last)}\\b`) > count(`\\b${esc(before)} ${esc(last)}\\b`);
    const givenAlone = words.slice(0, -1).some((w) => count(`\\b${esc(w)}\\b`) > whole);
    if (surnameAlone && !givenAlone) for (const w of words.slice(0, -1)) out.add(w);
  }
  return out;
}

/**
 * `corpus` (the candidate sentences) sets each term's weight: a term in every sentence says little. With
 * `question`, a name's given names are left to its surname (see givenNames).
 */
export function termMatcher(allTerms: QueryTerm[], corpus: string[], question?: string): TermMatcher {
  const given = question ? givenNames(question, allTerms, corpus) : new Set<string>();
  const terms = allTerms.filter((t) => !given.has(t.term));
  const checks = terms.map((t) => t.variants.map(variantMatcher));
  const docs = corpus.map((text) => ({ text, folded: foldForMatch(text), stems: new Set(tokenize(text).map(stem)) }));
  const weights = checks.map((variants) => {
    const df = docs.filter((d) => variants.some((m) => m(d.folded, d.stems, d.text))).length;
    return Math.log(1 + (docs.length + 1) / (df + 0.5));
  });
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const stemSets = terms.map((t) => new Set(t.variants.filter((v) => !/[\s.-]/.test(v)).map(stem)));
  return {
    overlap(text: string): number {
      const folded = foldForMatch(text);
      const stems = new Set(tokenize(text).map(stem));
      let sum = 0;
      checks.forEach((variants, i) => {
        if (variants.some((m) => m(folded, stems, text))) sum += weights[i]!;
      });
      return sum / total;
    },
    matches(tokens: string[]): Array<{ at: number; term: number }> {
      const out: Array<{ at: number; term: number }> = [];
      tokens.forEach((tok, at) => {
        const st = stem(tok);
        const term = stemSets.findIndex((set) => set.has(st));
        if (term >= 0) out.push({ at, term });
      });
      return out;
    },
  };
}
