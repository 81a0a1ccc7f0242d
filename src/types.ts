// Types that cross module borders: the core API's inputs and outputs.

/** Metadata of one article. Missing metadata stays null: nothing is invented. */
export interface ArticleMeta {
  /** File name without extension (or the JSON `id` / `<file>#<n>`). Stable across reindexes. */
  id: string;
  title: string | null;
  /**
   * What the article is shown as: its title, or for an untitled article its lead sentence without the
   * dateline, cut at a word boundary (computed at index time). Absent in indexes built before labels.
   */
  label?: string | null;
  /** ISO date, yyyy-mm-dd, when the article states one. */
  date: string | null;
  outlet: string | null;
  url: string | null;
  /** Path of the source file relative to the articles folder. */
  sourcePath: string;
}

/** A cleaned article ready for chunking. */
export interface Article extends ArticleMeta {
  text: string;
  /** sha256 of the cleaned text and metadata: what decides whether it is re-embedded. */
  hash: string;
}

/** A passage of an article: the unit that is embedded, searched and cited. */
export interface ChunkDraft {
  position: number;
  /** Character offsets into the article's cleaned text. */
  start: number;
  end: number;
  text: string;
}

export interface SourceInfo extends ArticleMeta {
  chunks: number;
  chars: number;
}

export interface FailedSource {
  /** Path relative to the articles folder (with `:line` for a JSONL line). */
  path: string;
  reason: string;
}

export interface ReindexOptions {
  /** Re-embed everything, ignoring content hashes. */
  full?: boolean;
  /** Read articles from this folder instead of the configured one. */
  dir?: string;
  /** Abort the reindex (the live index is left untouched). */
  signal?: AbortSignal;
}

export type ReindexPhase = 'scan' | 'read' | 'embed' | 'store' | 'swap' | 'done';

export interface ReindexProgress {
  phase: ReindexPhase;
  /** Units done and total in this phase (files for read, chunks for embed). */
  done: number;
  total: number;
  message?: string;
}

export interface ReindexReport {
  added: string[];
  updated: string[];
  unchanged: number;
  removed: string[];
  failed: FailedSource[];
  /** Files indexed with a caveat (e.g. decoded as windows-1252). */
  warnings: FailedSource[];
  chunksEmbedded: number;
  durationMs: number;
  embedMs: number;
  /** False when nothing changed and the live index was kept as it was. */
  swapped: boolean;
  articles: number;
  chunks: number;
}

export interface EmbedderInfo {
  provider: 'local' | 'openai';
  model: string;
  dimension: number;
}

export interface IndexStats {
  articles: number;
  chunks: number;
  embedder: EmbedderInfo;
  builtAt: string;
  sizeBytes: number;
  indexDir: string;
  generation: string;
}

export interface SearchFilters {
  /** Article ids (exact) or outlets (case-insensitive) to keep. */
  sources?: string[];
  /** Inclusive ISO dates. Articles without a date are excluded when a range is given. */
  from?: string;
  to?: string;
}

export interface Passage {
  chunkId: number;
  articleId: string;
  title: string | null;
  /** The article's display label (see ArticleMeta.label). */
  label?: string | null;
  outlet: string | null;
  date: string | null;
  url: string | null;
  text: string;
  start: number;
  end: number;
  score: number;
}

export interface Citation {
  n: number;
  articleId: string;
  title: string | null;
  /** The article's display label (see ArticleMeta.label). */
  label?: string | null;
  outlet: string | null;
  date: string | null;
  url: string | null;
  chunkId: number;
  /** The cited sentence(s), verbatim from the passage. */
  quote: string;
  score: number;
}

export interface RelatedArticle {
  articleId: string;
  title: string | null;
  label?: string | null;
  score: number;
}

export interface Timings {
  retrieveMs: number;
  answerMs: number;
  totalMs: number;
}

export interface AskOptions extends SearchFilters {
  /** How many passages to retrieve (default from config). */
  k?: number;
  /** Earlier questions of the same conversation, oldest first (thread follow-ups). */
  history?: string[];
}

export interface AskResult {
  question: string;
  /** Answer text with [n] markers matching citations[].n. When refused, a plain statement. */
  answer: string;
  refused: boolean;
  citations: Citation[];
  /** When refused: the closest articles, for the user to look at. Not support for any claim. */
  related: RelatedArticle[];
  answerer: 'extractive' | 'llm';
  timings: Timings;
}

export type SummaryTarget = { kind: 'article'; article: string } | { kind: 'topic'; topic: string; from?: string; to?: string };

export interface SummaryResult {
  target: SummaryTarget;
  /** Resolved article for an article summary. */
  article?: { id: string; title: string | null; label?: string | null };
  /** Summary text with [n] markers; bullet lines ("- ") for a topic. */
  summary: string;
  refused: boolean;
  citations: Citation[];
  answerer: 'extractive' | 'llm';
  timings: Timings;
}

export interface FeedbackRecord {
  question: string;
  answer: string;
  citations: Array<Pick<Citation, 'n' | 'articleId' | 'chunkId'>>;
  /** 1 = helpful, -1 = not helpful. */
  rating: 1 | -1;
  /** sha256 of the user id: feedback is not tied to a person. */
  userHash: string;
}
