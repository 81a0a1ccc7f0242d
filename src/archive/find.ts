// Finds articles by id or title for the summary target and autocomplete: exact, then prefix, then fuzzy.
import { foldForMatch } from '../shared/text.ts';
import type { SourceInfo } from '../types.ts';

function score(query: string, source: SourceInfo): number {
  const id = foldForMatch(source.id);
  const title = foldForMatch(source.title ?? '');
  if (id === query || title === query) return 100;
  if (id.startsWith(query)) return 90;
  if (title.startsWith(query)) return 80;
  const words = title.split(/[^\p{L}\p{N}]+/u);
  if (words.some((w) => w.startsWith(query))) return 65;
  if (title.includes(query) || id.includes(query)) return 55;
  // Fuzzy: share of the query's words that begin some title word.
  const qWords = query.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
  if (qWords.length === 0) return 0;
  const hits = qWords.filter((q) => words.some((w) => w.startsWith(q) || (q.length > 4 && w.startsWith(q.slice(0, -1))))).length;
  return hits === 0 ? 0 : (40 * hits) / qWords.length;
}

export function findArticles(sources: SourceInfo[], query: string, limit = 25): SourceInfo[] {
  const q = foldForMatch(query.trim());
  if (!q) return sources.slice(0, limit);
  return sources
    .map((s) => ({ s, score: score(q, s) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.s.id.localeCompare(b.s.id))
    .slice(0, limit)
    .map((x) => x.s);
}
