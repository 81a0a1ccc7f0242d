// The core API (src/api.ts) as one object the CLI, the local chat and the Discord bot share. A thin
// facade: asking (archive/ask.ts), summaries (archive/summarize.ts), the reindex job
// (archive/reindex-job.ts) and the article library (archive/library.ts) do the work. Queries run
// against the live generation (store/live-index.ts); a reindex builds the next one beside it.
import { candidateSentences } from './answer/candidates.ts';
import { LlmAnswerer } from './answer/llm/answerer.ts';
import { ChatModel } from './answer/llm/model.ts';
import { SentenceVectors } from './answer/sentence-vectors.ts';
import type { Archive, ProgressListener } from './api.ts';
import type { AnswerDeps } from './archive/answering.ts';
import { askQuestion, checkQuestion } from './archive/ask.ts';
import { AskCache, askKey } from './archive/ask-cache.ts';
import { SourceLibrary } from './archive/library.ts';
import { ReindexJob } from './archive/reindex-job.ts';
import { summarizeTarget } from './archive/summarize.ts';
import { TokenBudget } from './archive/token-budget.ts';
import type { Config } from './config.ts';
import { configuredEmbedder, createEmbedder } from './embed/create.ts';
import type { Embedder } from './embed/embedder.ts';
import { EmbeddingCache } from './embed/embedding-cache.ts';
import { NoIndexError } from './errors.ts';
import type { Logger } from './logger.ts';
import { FeedbackStore } from './store/feedback.ts';
import { dirSize, paths } from './store/layout.ts';
import { LiveIndex } from './store/live-index.ts';
import { TokenUsageStore } from './store/usage.ts';
import { assertSameEmbedder, type Snapshot } from './store/snapshot.ts';
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

export interface OpenArchiveOptions {
  logger?: Logger;
  embedder?: Embedder;
  /**
   * Run reindexes on the calling thread rather than in a worker thread (archive/reindex-job.ts): only for tests
   * that inject faults with spies, which cannot reach into another thread.
   */
  reindexOnCallingThread?: boolean;
}

export async function openArchive(config: Config, options: OpenArchiveOptions = {}): Promise<Archive> {
  return new ArchiveImpl(config, options.embedder ?? createEmbedder(config), options.logger, options.reindexOnCallingThread);
}

class ArchiveImpl implements Archive {
  private readonly live: LiveIndex;
  private readonly feedback: FeedbackStore;
  private readonly job: ReindexJob;
  private readonly library: SourceLibrary;
  private readonly deps: AnswerDeps;
  private readonly askCache: AskCache;
  private readonly sentenceStore: EmbeddingCache | null;
  private readonly usage: TokenUsageStore;
  private closed = false;

  constructor(
    readonly config: Config,
    private readonly embedder: Embedder,
    logger?: Logger,
    reindexOnCallingThread = false,
  ) {
    this.live = new LiveIndex(config.indexDir, logger);
    this.feedback = new FeedbackStore(paths(config.indexDir).feedback, paths(config.indexDir).feedbackKey);
    this.job = new ReindexJob(config, embedder, logger, reindexOnCallingThread);
    this.library = new SourceLibrary(config, this.live, this.job);
    const llm = config.answerer === 'llm' ? new LlmAnswerer(new ChatModel(chatModelOptions(config)), config.llm.maxContextTokens) : null;
    this.usage = new TokenUsageStore(paths(config.indexDir).usage);
    const budget = llm
      ? new TokenBudget(this.usage, { perUser: config.llm.dailyTokensPerUser, perServer: config.llm.dailyTokensPerServer })
      : null;
    this.sentenceStore = openSentenceStore(config, logger);
    const sentenceVectors = new SentenceVectors(embedder, { store: this.sentenceStore });
    // The local embedder is always the bundled model (a MODEL_DIR copy is checked against its checksums).
    const bundled = config.embedder.provider === 'local';
    this.deps = { config, embedder, sentenceVectors, spanVectors: bundled ? sentenceVectors : null, llm, budget, logger };
    this.askCache = new AskCache({ ttlMs: config.askCacheMs });
  }

  /**
   * Embeds, in the background, the candidate sentences of every indexed article that the disk cache lacks, so
   * that later answers embed only their question (README, "Performance"). Questions go first in the model's
   * queue, and a reindex in this process stops it (the bot starts it again afterwards: what is stored stays).
   */
  async prefillSentenceVectors(signal?: AbortSignal): Promise<{ articles: number; embedded: number }> {
    const embedder = this.embedder.background?.() ?? this.embedder;
    let articles = 0;
    let embedded = 0;
    for (const { id } of this.live.sources()) {
      signal?.throwIfAborted();
      if (this.closed || this.job.progress()) break;
      const texts = await this.withSnapshot(async (snapshot) => {
        const article = snapshot.db.article(id);
        if (!article) return [];
        const passages = snapshot.db.chunksOf(id).map((c) => ({ ...article, ...c, chunkId: c.id, articleId: id, score: 1 }));
        return candidateSentences(passages).map((c) => c.text);
      });
      const n = await this.deps.sentenceVectors.prefill(texts, embedder);
      embedded += n;
      articles++;
      // The cache is full (or off): nothing more to gain.
      if (n === 0 && texts.length > 0 && this.deps.sentenceVectors.storeFull()) break;
      // Reading and splitting an article is main-thread work: give the event loop a turn between articles.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { articles, embedded };
  }

  /** Loads and warms the embedding model (and opens the live index), so the first question does not wait for it. */
  async warmUp(): Promise<void> {
    await this.embedder.init();
    try {
      this.live.snapshot();
    } catch {
      // A damaged index is not the model's problem: status, questions and the bot's start-up check report it.
    }
  }

  /** Runs `fn` on the live snapshot after checking it was built by the configured embedder. */
  private withSnapshot<T>(fn: (s: Snapshot) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('The archive is closed');
    return this.live.use(
      (snapshot) => {
        assertSameEmbedder(snapshot.manifest.embedder, configuredEmbedder(this.config));
        return fn(snapshot);
      },
      () => new NoIndexError(),
    );
  }

  reindex(options: ReindexOptions = {}, onProgress?: ProgressListener): Promise<ReindexReport> {
    return this.job.run(options, onProgress);
  }

  reindexProgress(): ReindexProgress | null {
    return this.job.progress();
  }

  stats(): IndexStats | null {
    const snapshot = this.live.snapshot();
    if (!snapshot) return null;
    const m = snapshot.manifest;
    return {
      articles: m.articles,
      chunks: m.chunks,
      embedder: m.embedder,
      builtAt: m.builtAt,
      sizeBytes: dirSize(snapshot.dir),
      indexDir: this.config.indexDir,
      generation: m.generation,
    };
  }

  listSources(scope?: SourceScope): SourceInfo[] {
    return this.library.list(scope);
  }

  findArticles(query: string, limit = 25, scope?: SourceScope): SourceInfo[] {
    return this.library.find(query, limit, scope);
  }

  addArticle(fileName: string, content: Buffer | string, onProgress?: ProgressListener, scope?: Pick<SourceScope, 'server'>) {
    return this.library.add(fileName, content, onProgress, scope);
  }

  removeArticle(id: string, onProgress?: ProgressListener, scope?: Pick<SourceScope, 'server'>): Promise<ReindexReport> {
    return this.library.remove(id, onProgress, scope);
  }

  async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
    const q = checkQuestion(question, options);
    return this.withSnapshot(async (snapshot) => {
      const key = askKey(snapshot.generation, q, options, this.deps.llm !== null);
      const result = await this.askCache.run(key, () => askQuestion(this.deps, snapshot, q, options));
      // A shared answer was made for someone who may have written the question differently.
      return { ...result, question: q };
    });
  }

  async summarize(target: SummaryTarget, options: SummarizeOptions = {}): Promise<SummaryResult> {
    const scope = { server: target.server };
    return this.withSnapshot((snapshot) =>
      summarizeTarget(this.deps, snapshot, target, (query) => this.library.find(query, 1, scope)[0], options),
    );
  }

  recordFeedback(feedback: FeedbackRecord): void {
    this.feedback.record(feedback);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.job.abort(new Error('The archive is closing'));
    this.live.close();
    this.feedback.close();
    this.sentenceStore?.close();
    this.usage.close();
    await this.embedder.close();
  }
}

/** The on-disk sentence-vector cache, or null when it is turned off (answers work without it). */
function openSentenceStore(config: Config, logger: Logger | undefined): EmbeddingCache | null {
  if (config.sentenceCacheRows === 0) return null;
  const { provider, model, dimension } = configuredEmbedder(config);
  return new EmbeddingCache({
    file: paths(config.indexDir).sentenceVectors,
    model: `${provider}:${model}:${dimension ?? 'native'}`,
    maxRows: config.sentenceCacheRows,
    onError: (err) => logger?.warn({ error: err.message }, 'the sentence-vector cache is not usable; sentences are embedded per question'),
  });
}

function chatModelOptions(config: Config) {
  return {
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    model: config.openai.chatModel,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
    maxOutputTokens: config.llm.maxOutputTokens,
  };
}
