// Query terms as the index sees them: folded, stop words out, name variants grouped (aliases live in data/).
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { placesOf } from '../shared/demonyms.ts';
import { contentTerms, foldForMatch } from '../shared/text.ts';

type AliasFile = { groups: string[][] };

let aliasIndex: Map<string, string[]> | null = null;

/** folded variant → all folded variants of its group (itself included). */
function aliases(): Map<string, string[]> {
  if (!aliasIndex) {
    const file = path.join(PROJECT_ROOT, 'data', 'aliases.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as AliasFile;
    aliasIndex = new Map();
    for (const group of data.groups) {
      const folded = [...new Set(group.map(foldForMatch))];
      for (const v of folded) aliasIndex.set(v, folded);
    }
  }
  return aliasIndex;
}

export interface QueryTerm {
  /** The term as written (folded). */
  term: string;
  /** All spellings to look for, the term first. */
  variants: string[];
}

/** Content terms with their alias variants; multi-word aliases ("united states") are matched as phrases. */
export function queryTerms(text: string): QueryTerm[] {
  const folded = foldForMatch(text);
  const out: QueryTerm[] = [];
  const seen = new Set<string>();
  // Multi-word alias phrases first, so "united states" is one term rather than two.
  for (const [variant, group] of aliases()) {
    if (
      variant.includes(' ') &&
      new RegExp(`\\b${variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(folded) &&
      !seen.has(group[0]!)
    ) {
      seen.add(group[0]!);
      out.push({ term: variant, variants: [variant, ...group.filter((g) => g !== variant)] });
    }
  }
  const phraseWords = new Set(out.flatMap((t) => t.term.split(' ')));
  for (const term of contentTerms(text)) {
    if (phraseWords.has(term)) continue;
    const group = aliases().get(term);
    const key = group?.[0] ?? term;
    if (seen.has(key)) continue;
    seen.add(key);
    // An adjective of a place is searched as the place too: "Turkish officials" asks about what Turkey said.
    const places = placesOf(term).flatMap((p) => aliases().get(p) ?? [p]);
    out.push({ term, variants: [...new Set([term, ...(group ?? []), ...places])] });
  }
  return out;
}

/** A term as an FTS5 string (a phrase when it has spaces), its quotes doubled as FTS5 escapes them. */
export function ftsString(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** An FTS5 MATCH expression: any term (or any of its variants) may match; BM25 ranks by how many do. */
export function ftsQuery(terms: QueryTerm[]): string | null {
  if (terms.length === 0) return null;
  return terms.map((t) => (t.variants.length === 1 ? ftsString(t.term) : `(${t.variants.map(ftsString).join(' OR ')})`)).join(' OR ');
}
