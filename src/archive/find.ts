// Finds articles for the summary target and autocomplete. Words typed match anywhere in an article's
// title, label, outlet or id (exact first, then prefixes, then word beginnings, then fuzzily); after those
// come articles whose text mentions every word, so "Lavrov" offers every article about Lavrov, not only
// those with him in the title.
import { ftsString } from '../retrieve/terms.ts';
import { foldForMatch, tokenize } from '../shared/text.ts';
import type { ArchiveDb } from '../store/database.ts';
import type { SourceInfo } from '../types.ts';

/** Passages read to find articles that mention the words (enough for 25 distinct articles in practice). */
const MENTION_PASSAGES = 300;

const wordsOf = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function score(query: string, source: SourceInfo): number {
  const id = foldForMatch(source.id);
  const names = [source.title, source.label].filter((n): n is string => Boolean(n)).map(foldForMatch);
  const outlet = foldForMatch(source.outlet ?? '');
  if (id === query || names.includes(query)) return 100;
  if (id.startsWith(query)) return 90;
  if (names.some((n) => n.startsWith(query))) return 80;
  const words = [...names.flatMap(wordsOf), ...wordsOf(outlet), ...wordsOf(id)];
  const qWords = wordsOf(query);
  if (qWords.length === 0) return 0;
  // Every word typed begins a word of the title, label, outlet or id (the last one may be half typed).
  if (qWords.every((q) => words.some((w) => w.startsWith(q)))) return 65;
  if (names.some((n) => n.includes(query)) || id.includes(query) || (outlet !== '' && outlet.includes(query))) return 55;
  // Fuzzy: share of the query's words that begin some word, allowing one letter less on long words.
  const long = qWords.filter((w) => w.length > 1);
  if (long.length === 0) return 0;
  const hits = long.filter((q) => words.some((w) => w.startsWith(q) || (q.length > 4 && w.startsWith(q.slice(0, -1))))).length;
  return hits === 0 ? 0 : (40 * hits) / long.length;
}

/**
 * Articles whose text holds every word typed (the last one as a prefix, since it may be half typed),
 * best BM25 match first, with a score in (0, 30].
 */
export function articlesMentioning(db: ArchiveDb, query: string): Map<string, number> {
  const terms = tokenize(query);
  if (terms.length === 0) return new Map();
  const match = terms.map((t, i) => (i === terms.length - 1 ? `${ftsString(t)}*` : ftsString(t))).join(' AND ');
  let hits: Array<{ chunkId: number; score: number }>;
  try {
    hits = db.keywordSearch(match, MENTION_PASSAGES, null);
  } catch {
    return new Map(); // a query FTS5 cannot read is simply not found
  }
  const rows = db.passages(hits.map((h) => h.chunkId));
  const out = new Map<string, number>();
  hits.forEach((h, rank) => {
    const articleId = rows.get(h.chunkId)?.articleId;
    // Best passage first, so the first time an article is seen is its best rank.
    if (articleId && !out.has(articleId)) out.set(articleId, 30 - Math.min(29, (29 * rank) / MENTION_PASSAGES));
  });
  return out;
}

export function findArticles(
  sources: SourceInfo[],
  query: string,
  limit = 25,
  mentions?: (query: string) => Map<string, number>,
): SourceInfo[] {
  const q = foldForMatch(query.trim());
  if (!q) return sources.slice(0, limit);
  const inText = mentions?.(query.trim()) ?? new Map<string, number>();
  return sources
    .map((s) => {
      const named = score(q, s);
      // Named matches first; the text decides among equals and brings in articles that only mention it.
      return { s, score: named > 0 ? named + (inText.get(s.id) ?? 0) / 100 : (inText.get(s.id) ?? 0) };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.s.id.localeCompare(b.s.id))
    .slice(0, limit)
    .map((x) => x.s);
}
