// Hybrid retrieval: dense (hnswlib) and keyword (FTS5 BM25) candidates, fused, filtered, diversified.
import type { Embedder } from '../embed/embedder.ts';
import type { Snapshot } from '../store/snapshot.ts';
import type { Passage, SearchFilters } from '../types.ts';
import { diversify } from './diversify.ts';
import { reciprocalRankFusion, weightedFusion, type Fused } from './fuse.ts';
import { ftsQuery, queryTerms, type QueryTerm } from './terms.ts';

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
}

export async function retrieve(snapshot: Snapshot, embedder: Embedder, query: string, options: RetrieveOptions): Promise<Retrieved> {
  const mode = options.mode ?? 'hybrid';
  const n = options.candidates ?? 50;
  const allowed = snapshot.db.filteredChunkIds(options);
  const terms = queryTerms(options.keywordText ?? query);
  const queryVector = options.queryVector ?? (await embedder.embed([query]))[0]!;

  const dense =
    mode === 'keyword' || (allowed && allowed.size === 0)
      ? []
      : snapshot.vectors
          .search(queryVector, n, allowed ? (id) => allowed.has(id) : undefined)
          .map((h) => ({ chunkId: h.chunkId, score: h.similarity }));
  const match = ftsQuery(terms);
  const keyword = mode === 'dense' || !match ? [] : snapshot.db.keywordSearch(match, n, allowed);

  let fused: Fused[] =
    options.fusion === 'rrf'
      ? reciprocalRankFusion(dense, keyword)
      : weightedFusion(dense, keyword, mode === 'hybrid' ? options.alpha : mode === 'dense' ? 1 : 0);
  if (fused.length === 0) return { passages: [], queryVector, terms };
  const top = fused[0]!.score || 1;
  fused = fused.map((f) => ({ ...f, score: f.score / top }));

  // Dense-only candidates need a cosine for the answerer; keyword-only ones get theirs from the stored vector.
  const pool = fused.slice(0, Math.max(options.k * 4, 20));
  const vectors = snapshot.db.embeddings(pool.map((f) => f.chunkId));
  const chosen = options.diversify === false ? pool.slice(0, options.k) : diversify(pool, vectors, options.k);
  const byId = new Map(pool.map((f) => [f.chunkId, f]));
  const rows = snapshot.db.passages(chosen.map((c) => c.chunkId));
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
  return { passages, queryVector, terms };
}
