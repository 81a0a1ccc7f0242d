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
  SourceScope,
  SummarizeOptions,
  SummaryResult,
  SummaryTarget,
} from './types.ts';

export { InputError, NoIndexError, NotFoundError, ReindexBusyError } from './errors.ts';

export type ProgressListener = (progress: ReindexProgress) => void;

export interface Archive {
  readonly config: Config;
  /** Incremental (or, with full, complete) rebuild; swaps the new index in atomically when done. */
  reindex(options?: ReindexOptions, onProgress?: ProgressListener): Promise<ReindexReport>;
  /** Progress of a reindex running in this process, or null. */
  reindexProgress(): ReindexProgress | null;
  /** What the live index holds; null when no index has been built yet. */
  stats(): IndexStats | null;
  /** The articles the scope sees (default: the shared corpus). */
  listSources(scope?: SourceScope): SourceInfo[];
  /** Articles whose id or title matches a prefix or fuzzy query, best first (autocomplete), among those the scope sees. */
  findArticles(query: string, limit?: number, scope?: SourceScope): SourceInfo[];
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  summarize(target: SummaryTarget, options?: SummarizeOptions): Promise<SummaryResult>;
  /**
   * Saves a file into the articles folder (with `server`: into that server's own folder, so the article answers
   * only there), then reindexes. Throws on a bad name or format.
   */
  addArticle(
    fileName: string,
    content: Buffer | string,
    onProgress?: ProgressListener,
    scope?: Pick<SourceScope, 'server'>,
  ): Promise<{ id: string; path: string; report: ReindexReport }>;
  /**
   * Deletes the article's file, then reindexes. With `server`, only that server's own articles can be removed;
   * without it, only the shared corpus's.
   */
  removeArticle(id: string, onProgress?: ProgressListener, scope?: Pick<SourceScope, 'server'>): Promise<ReindexReport>;
  recordFeedback(feedback: FeedbackRecord): void;
  /** Loads and warms the embedding model before the first question needs it (the bot calls it at start). */
  warmUp?(): Promise<void>;
  /** Embeds in the background the sentences answers will need, so that answers embed only their question. */
  prefillSentenceVectors?(signal?: AbortSignal): Promise<{ articles: number; embedded: number }>;
  close(): Promise<void>;
}
