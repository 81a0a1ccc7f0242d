// Hybrid retrieval: dense (hnswlib) and keyword (FTS5 BM25) candidates, fused, filtered, diversified.
import type { Embedder } from '../embed/embedder.ts';
import type { Snapshot } from '../store/snapshot.ts';
import type { Passage, SearchFilters } from '../types.ts';
import { diversify } from './diversify.ts';
import { reciprocalRankFusion, weightedFusion, type Fused } from './fuse.ts';
import { nearSpellings } from './spelling.ts';
import { ftsQuery, ftsString, queryTerms, type QueryTerm } from './terms.ts';
import { type QuestionTime, recentWindow, rescoreByTime } from './time.ts';

export type RetrievalMode = 'hybrid' | 'dense' | 'keyword';

export interface RetrieveOptions extends SearchFilters {
  k: number;
  fusion: 'weighted' | 'rrf';
  alpha: number;
  mode?: RetrievalMode;
  /** Candidates taken from each list before fusion. */
  candidates?: number;
  /** MMR and near-duplicate collapse over the fused list (default on). */
  diversify?: boolean;
  /** Text used for the keyword side when it should differ from the embedded query (follow-ups). */
  keywordText?: string;
  /** A precomputed query vector (saves an embedding call when the caller has one). */
  queryVector?: Float32Array;
  /** What the question says about time (src/retrieve/time.ts): periods it names, "latest"/"current". */
  time?: QuestionTime;
}

/** Fused candidates rescored by the question's time; the rest keep their order behind them. */
const TIME_RESCORED = 100;

/** Two candidate lists as one, each chunk once with its best score. */
function union(a: Array<{ chunkId: number; score: number }>, b: Array<{ chunkId: number; score: number }>) {
  const best = new Map(a.map((r) => [r.chunkId, r.score]));
  for (const r of b) best.set(r.chunkId, Math.max(best.get(r.chunkId) ?? Number.NEGATIVE_INFINITY, r.score));
  return [...best].map(([chunkId, score]) => ({ chunkId, score })).sort((x, y) => y.score - x.score);
}

export interface ScoredPassage extends Passage {
  /** Cosine similarity of the passage to the query, when it was a dense candidate. */
  dense: number | null;
  keyword: number | null;
}

export interface Retrieved {
  passages: ScoredPassage[];
  queryVector: Float32Array;
  terms: QueryTerm[];
  /**
   * The terms (as written) that no passage in the searched scope holds in any spelling or variant:
   * "inflation" asked of diplomacy articles. answerable.ts weighs their share.
   */
  unseen: string[];
}

/** Whether any passage in the searched scope holds a word or phrase (an FTS5 string). */
type ScopeProbe = (text: string) => boolean;

/**
 * The searched scope as a probe: the server's articles, narrowed by the question's source and date filters
 * when it has them, so that a word only the filtered-out articles use counts as found nowhere.
 */
function scopeProbe(snapshot: Snapshot, allowed: Set<number> | null, options: RetrieveOptions): ScopeProbe {
  const filtered = Boolean(options.sources?.length || options.from || options.to);
  const probe =
    filtered && allowed
      ? (t: string) => snapshot.db.hasMatchIn(ftsString(t), allowed)
      : (t: string) => snapshot.db.hasMatch(ftsString(t), options.server);
  const known = new Map<string, boolean>(); // a term is probed for its respelling and again for `unseen`
  return (t) => {
    if (!known.has(t)) known.set(t, probe(t));
    return known.get(t)!;
  };
}

/**
 * A word no article in scope uses gets the indexed words it misspells as variants ("nessecary" → necessari,
 * "Ghandi" → gandhi), so the keyword side and the sentence scorer still find what it asks about. Only
 * words found nowhere are respelt: a rare real word keeps its own meaning.
 */
function withNearSpellings(snapshot: Snapshot, terms: QueryTerm[], inScope: ScopeProbe): QueryTerm[] {
  return terms.map((t) => {
    if (t.variants.length > 1 || inScope(t.term)) return t;
    const near = nearSpellings(t.term, (word, slack) => snapshot.db.termsLike(word, slack)).filter(inScope);
    return near.length ? { term: t.term, variants: [t.term, ...near] } : t;
  });
}

/**
 * Terms none of whose spellings the scope holds (a respelt term has its near spellings, found, among them;
 * an adjective of a place its place, terms.ts: "American" is seen where "officials in US" is).
 */
function unseenTerms(terms: QueryTerm[], inScope: ScopeProbe): string[] {
  return terms.filter((t) => !t.variants.some(inScope)).map((t) => t.term);
}

export async function retrieve(snapshot: Snapshot, embedder: Embedder, query: string, options: RetrieveOptions): Promise<Retrieved> {
  const mode = options.mode ?? 'hybrid';
  const n = options.candidates ?? 50;
  const allowed = snapshot.db.filteredChunkIds(options);
  const inScope = scopeProbe(snapshot, allowed, options);
  const terms = withNearSpellings(snapshot, queryTerms(options.keywordText ?? query), inScope);
  const unseen = unseenTerms(terms, inScope);
  const queryVector = options.queryVector ?? (await embedder.embed([query]))[0]!;

  const denseIn = (ids: Set<number> | null) =>
    mode === 'keyword' || (ids && ids.size === 0)
      ? []
      : snapshot.vectors
          .search(queryVector, n, ids ? (id) => ids.has(id) : undefined)
          .map((h) => ({ chunkId: h.chunkId, score: h.similarity }));
  const match = ftsQuery(terms);
  const keywordIn = (ids: Set<number> | null) =>
    mode === 'dense' || !match || ids?.size === 0 ? [] : snapshot.db.keywordSearch(match, n, ids);
  let dense = denseIn(allowed);
  let keyword = keywordIn(allowed);
  // For "latest": the newest passages join the candidates even when older ones outrank them.
  const range = options.time?.range ?? (options.time?.recency ? recentWindow(options.time) : null);
  if (range) {
    // The passages of the period the question names join the candidates even when others outrank them.
    const from = options.from && options.from > range.from ? options.from : range.from;
    const to = options.to && options.to < range.to ? options.to : range.to;
    const scoped = from <= to ? snapshot.db.filteredChunkIds({ sources: options.sources, from, to }) : new Set<number>();
    if (scoped && scoped.size > 0) {
      dense = union(dense, denseIn(scoped));
      keyword = union(keyword, keywordIn(scoped));
    }
  }

  let fused: Fused[] =
    options.fusion === 'rrf'
      ? reciprocalRankFusion(dense, keyword)
      : weightedFusion(dense, keyword, mode === 'hybrid' ? options.alpha : mode === 'dense' ? 1 : 0);
  if (fused.length === 0) return { passages: [], queryVector, terms, unseen };
  const time = options.time;
  if (time && (time.scopes.length > 0 || time.recency)) {
    const head = fused.slice(0, TIME_RESCORED);
    const rows = snapshot.db.passages(head.map((f) => f.chunkId));
    fused = [...rescoreByTime(head, time, (id) => rows.get(id)), ...fused.slice(TIME_RESCORED)];
  }
  const top = fused[0]!.score || 1;
  fused = fused.map((f) => ({ ...f, score: f.score / top }));

  // Dense-only candidates need a cosine for the answerer; keyword-only ones get theirs from the stored vector.
  const pool = fused.slice(0, Math.max(options.k * 4, 20));
  const vectors = snapshot.db.embeddings(pool.map((f) => f.chunkId));
  const rows = snapshot.db.passages(pool.map((f) => f.chunkId));
  const texts = new Map([...rows].map(([id, r]) => [id, r.text]));
  const chosen = options.diversify === false ? pool.slice(0, options.k) : diversify(pool, vectors, options.k, texts);
  const byId = new Map(pool.map((f) => [f.chunkId, f]));
  const passages: ScoredPassage[] = [];
  for (const c of chosen) {
    const row = rows.get(c.chunkId);
    const f = byId.get(c.chunkId)!;
    if (!row) continue;
    const v = vectors.get(c.chunkId);
    let cos = f.dense;
    if (cos === null && v) {
      cos = 0;
      for (let i = 0; i < v.length; i++) cos += v[i]! * queryVector[i]!;
    }
    passages.push({ ...row, score: c.score, dense: cos, keyword: f.keyword });
  }
  return { passages, queryVector, terms, unseen };
}
