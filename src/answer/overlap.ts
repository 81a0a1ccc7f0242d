// How much of a question's content a sentence contains: terms (with name variants) weighted by rarity.
import { foldForMatch } from '../shared/text.ts';
import type { QueryTerm } from '../retrieve/terms.ts';
import { stem, tokenize } from '../shared/text.ts';

export interface TermMatcher {
  /** Weighted share of the question's terms found in the text, in [0, 1]. */
  overlap(text: string): number;
  /** Positions (token indexes) of question terms in the text. */
  matches(tokens: string[]): number[];
}

function variantMatcher(variant: string): (folded: string, stems: Set<string>) => boolean {
  if (/[\s.-]/.test(variant)) {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])${variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u');
    return (folded) => re.test(folded);
  }
  const s = stem(variant);
  // Prefix match catches what the crude stemmer misses: "russia" ~ "russian", "settle" ~ "settlement".
  return (_folded, stems) =>
    stems.has(s) || (s.length >= 5 && [...stems].some((t) => t.startsWith(s) || (t.length >= 5 && s.startsWith(t))));
}

/** `corpus` (the candidate sentences) sets each term's weight: a term in every sentence says little. */
export function termMatcher(terms: QueryTerm[], corpus: string[]): TermMatcher {
  const checks = terms.map((t) => t.variants.map(variantMatcher));
  const docs = corpus.map((text) => ({ folded: foldForMatch(text), stems: new Set(tokenize(text).map(stem)) }));
  const weights = checks.map((variants) => {
    const df = docs.filter((d) => variants.some((m) => m(d.folded, d.stems))).length;
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
        if (variants.some((m) => m(folded, stems))) sum += weights[i]!;
      });
      return sum / total;
    },
    matches(tokens: string[]): number[] {
      const out: number[] = [];
      tokens.forEach((tok, i) => {
        const s = stem(tok);
        if (stemSets.some((set) => set.has(s))) out.push(i);
      });
      return out;
    },
  };
}
