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
  /** Path of the source file relative to the articles folder (for a server's article: to SERVER_ARTICLES_DIR). */
  sourcePath: string;
  /** The Discord server whose article this is (added there with /sources add); null or absent: the shared corpus. */
  collection?: string | null;
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

/**
 * Whose articles a caller sees. A Discord server (`server`) sees the shared corpus and the articles added there;
 * without it, only the shared corpus is seen; `all` (the operator's CLI) sees every collection.
 */
export interface SourceScope {
  server?: string;
  all?: boolean;
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
  /** Set when the live index was damaged: what was wrong with it. It was rebuilt from the articles, not read. */
  repaired?: string;
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
  /**
   * The Discord server asking: its own articles are searched besides the shared corpus. Without it, only the
   * shared corpus is: another server's articles are never searched, cited, listed or mentioned.
   */
  server?: string;
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
  /** Cosine to the question, when retrieval found the passage by meaning (retriever.ts); absent elsewhere. */
  dense?: number | null;
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
  /**
   * Whether the passage was checked to support the claims citing it (src/answer/support.ts). Set on a model's
   * answers, where unsupported citations are dropped, so a shown one is always true; unset on extractive
   * answers, which quote the passage itself.
   */
  supported?: boolean;
  /** The support score of the weakest claim citing the passage, in [0, 1] (with `supported`). */
  support?: number;
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
  /** Who asks: the chat model's daily token budgets are counted per user and per server (the bot sets it). */
  asker?: Asker;
  /**
   * Called with the model's answer so far while it is written, markers removed (its citations are checked
   * only once it is complete). Not called for extractive answers.
   */
  onPartial?: (text: string) => void;
}

export interface Asker {
  userId: string;
  /** The Discord server; null in a DM. */
  guildId: string | null;
}

export interface SummarizeOptions {
  asker?: Asker;
  onPartial?: (text: string) => void;
}

/** How the chat model's part of an answer went; present when a model is configured. */
export interface ModelReport {
  /** The configured chat model. */
  model: string;
  /**
   * answered: its checked answer is shown; refused: it said the passages do not answer; failed: it did not
   * answer (timeout, error); unsupported: no claim of its answer was supported by its passages; budget: a
   * daily token budget is spent; skipped: it was not asked (retrieval found nothing answerable).
   */
  outcome: 'answered' | 'refused' | 'failed' | 'unsupported' | 'budget' | 'skipped';
  /** Tokens it used for this result (prompt and completion, every call), from the API's usage fields. */
  tokens: number;
  /** The claim check of its answer (outcomes answered and unsupported). */
  check?: ClaimCheck;
}

export interface ClaimCheck {
  /** Sentences of the model's answer that make a claim, and how many of them are shown. */
  sentences: number;
  kept: number;
  /** Sentence→passage citations the model made to passages it was given, and how many were supported. */
  citations: number;
  supported: number;
  /** Markers naming passages that were not given (removed). */
  invalidMarkers: number;
}

/** The name, date or figure an extractive answer opens with, verbatim from its cited sentence. */
export interface DirectAnswer {
  text: string;
  /** The confidence model's estimate that it is right (its expected token F1). */
  probability: number;
  /** Offered as "Possibly **X**": likely, not sure enough to be stated. */
  tentative?: true;
  /** A date written relative to its article ("earlier this month", "on Wednesday") as the period or day it
   * meant then ("December 2020", "2024-02-28"), shown beside it. */
  date?: string;
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
  /** The direct answer the extractive answer opens with (a name, date or figure, verbatim), when it has one. */
  lead?: DirectAnswer;
  /** One line shown before the answer when the extractive answer stands in for the model's, saying why. */
  note?: string;
  /** Present when a chat model is configured. */
  model?: ModelReport;
  timings: Timings;
}

export type SummaryTarget = ({ kind: 'article'; article: string } | { kind: 'topic'; topic: string; from?: string; to?: string }) & {
  /** The Discord server asking (as SearchFilters.server): its own articles besides the shared corpus. */
  server?: string;
};

export interface SummaryResult {
  target: SummaryTarget;
  /** Resolved article for an article summary. */
  article?: { id: string; title: string | null; label?: string | null };
  /** Summary text with [n] markers; bullet lines ("- ") for a topic. */
  summary: string;
  refused: boolean;
  citations: Citation[];
  answerer: 'extractive' | 'llm';
  note?: string;
  model?: ModelReport;
  timings: Timings;
}

export interface FeedbackRecord {
  question: string;
  answer: string;
  citations: Array<Pick<Citation, 'n' | 'articleId' | 'chunkId'>>;
  /** 1 = helpful, -1 = not helpful. */
  rating: 1 | -1;
  /**
   * Who voted (the Discord user id). Never stored: the feedback store keeps an HMAC of it, keyed with a secret
   * kept beside the index, so feedback is not tied to a person.
   */
  userId: string;
}
