// The core API. The CLI, the local chat and the Discord bot call only this: they hold no retrieval logic.
import type { Config } from './config.ts';
import type {
  AskOptions,
  AskResult,
  FeedbackRecord,
  IndexStats,
  ReindexOptions,
  ReindexProgress,
  ReindexReport,
  SourceInfo,
  SummaryResult,
  SummaryTarget,
} from './types.ts';

export type ProgressListener = (progress: ReindexProgress) => void;

export interface Archive {
  readonly config: Config;
  /** Incremental (or, with full, complete) rebuild; swaps the new index in atomically when done. */
  reindex(options?: ReindexOptions, onProgress?: ProgressListener): Promise<ReindexReport>;
  /** Progress of a reindex running in this process, or null. */
  reindexProgress(): ReindexProgress | null;
  /** What the live index holds; null when no index has been built yet. */
  stats(): IndexStats | null;
  listSources(): SourceInfo[];
  /** Articles whose id or title matches a prefix or fuzzy query, best first (autocomplete). */
  findArticles(query: string, limit?: number): SourceInfo[];
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  summarize(target: SummaryTarget): Promise<SummaryResult>;
  /** Saves a file into the articles folder, then reindexes. Throws on a bad name or format. */
  addArticle(
    fileName: string,
    content: Buffer | string,
    onProgress?: ProgressListener,
  ): Promise<{ id: string; path: string; report: ReindexReport }>;
  /** Deletes the article's file from the articles folder, then reindexes. */
  removeArticle(id: string, onProgress?: ProgressListener): Promise<ReindexReport>;
  recordFeedback(feedback: FeedbackRecord): void;
  close(): Promise<void>;
}

/** Thrown when another reindex holds the lock; says who and, in this process, how far it is. */
export class ReindexBusyError extends Error {
  override name = 'ReindexBusyError';
  constructor(
    message: string,
    readonly progress: ReindexProgress | null,
  ) {
    super(message);
  }
}

/** Thrown when the index does not exist yet (run `archivist index`). */
export class NoIndexError extends Error {
  override name = 'NoIndexError';
}

/** Thrown when a named article (summary, removal) is not in the index. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Thrown for input the user can fix: an empty question, a bad file name. The message says what to change. */
export class InputError extends Error {
  override name = 'InputError';
}
