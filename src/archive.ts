// The core API: one object the CLI, the local chat and the Discord bot share.
// Queries run against the live generation (store/live-index.ts); a reindex builds the next one beside it.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError, NotFoundError, ReindexBusyError, NoIndexError, type Archive, type ProgressListener } from './api.ts';
import { candidateSentences } from './answer/candidates.ts';
import { notCoveredMessage, uncoveredSpecifics } from './answer/coverage.ts';
import { composeAnswer, isAnswerable, type Composed } from './answer/extractive.ts';
import { resolveFollowUp } from './answer/follow-up.ts';
import { LlmAnswerer } from './answer/llm.ts';
import { scoreSentences } from './answer/score.ts';
import { SentenceVectors } from './answer/sentence-vectors.ts';
import { summarizeArticle, summarizeTopic, type Summary } from './answer/summarize.ts';
import type { Config } from './config.ts';
import { configuredEmbedder, createEmbedder } from './embed/create.ts';
import type { Embedder } from './embed/embedder.ts';
import { reindex as runReindex } from './index/reindex.ts';
import type { Logger } from './logger.ts';
import { retrieve, type Retrieved } from './retrieve/retriever.ts';
import { saveArticleFile } from './sources/files.ts';
import { findArticles } from './sources/find.ts';
import { FeedbackStore } from './store/feedback.ts';
import { dirSize, paths } from './store/layout.ts';
import { LiveIndex } from './store/live-index.ts';
import { LockBusyError } from './store/lock.ts';
import { assertSameEmbedder, type Snapshot } from './store/snapshot.ts';
import type {
  AskOptions,
  AskResult,
  FeedbackRecord,
  IndexStats,
  ReindexOptions,
  ReindexProgress,
  ReindexReport,
  RelatedArticle,
  SourceInfo,
  SummaryResult,
  SummaryTarget,
} from './types.ts';

const MAX_QUESTION_CHARS = 1000;

export async function openArchive(config: Config, options: { logger?: Logger; embedder?: Embedder } = {}): Promise<Archive> {
  return new ArchiveImpl(config, options.embedder ?? createEmbedder(config), options.logger);
}

class ArchiveImpl implements Archive {
  private readonly live: LiveIndex;
  private readonly feedback: FeedbackStore;
  private running: { progress: ReindexProgress; controller: AbortController; done: Promise<unknown> } | null = null;
  private readonly sentenceVectors: SentenceVectors;
  private readonly llm: LlmAnswerer | null;
  private closed = false;

  constructor(
    readonly config: Config,
    private readonly embedder: Embedder,
    private readonly logger?: Logger,
  ) {
    this.live = new LiveIndex(config.indexDir, logger);
    this.feedback = new FeedbackStore(paths(config.indexDir).feedback);
    this.sentenceVectors = new SentenceVectors(embedder);
    this.llm =
      config.answerer === 'llm'
        ? new LlmAnswerer({
            apiKey: config.openai.apiKey,
            baseURL: config.openai.baseURL,
            model: config.openai.chatModel,
            timeoutMs: config.openai.timeoutMs,
          })
        : null;
  }

  /** Runs `fn` on the live snapshot after checking it was built by the configured embedder. */
  private withSnapshot<T>(fn: (s: Snapshot) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('The archive is closed');
    return this.live.use(
      (snapshot) => {
        assertSameEmbedder(snapshot.manifest.embedder, configuredEmbedder(this.config));
        return fn(snapshot);
      },
      () => new NoIndexError('There is no index yet. Build it with `archivist index` (or `npm start`, which builds it on first run).'),
    );
  }

  // --- indexing ------------------------------------------------------------------------------

  async reindex(options: ReindexOptions = {}, onProgress: ProgressListener = () => {}): Promise<ReindexReport> {
    this.assertNotReindexing();
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const state = {
      progress: { phase: 'scan', done: 0, total: 0 } as ReindexProgress,
      controller,
      done: Promise.resolve() as Promise<unknown>,
    };
    this.running = state;
    const work = runReindex({ config: this.config, embedder: this.embedder }, { ...options, signal }, (p) => {
      state.progress = p;
      onProgress(p);
    });
    state.done = work.catch(() => {});
    try {
      const report = await work;
      this.logger?.info(
        {
          added: report.added.length,
          updated: report.updated.length,
          unchanged: report.unchanged,
          removed: report.removed.length,
          failed: report.failed.length,
          ms: Math.round(report.durationMs),
        },
        'reindex finished',
      );
      return report;
    } catch (err) {
      if (err instanceof LockBusyError) throw new ReindexBusyError(err.message, null);
      throw err;
    } finally {
      this.running = null;
    }
  }

  private assertNotReindexing(): void {
    if (!this.running) return;
    const p = this.running.progress;
    throw new ReindexBusyError(`A reindex is already running (${describeProgress(p)}).`, p);
  }

  reindexProgress(): ReindexProgress | null {
    return this.running ? { ...this.running.progress } : null;
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

  listSources(): SourceInfo[] {
    return this.live.sources();
  }

  findArticles(query: string, limit = 25): SourceInfo[] {
    return findArticles(this.listSources(), query, limit);
  }

  async addArticle(fileName: string, content: Buffer | string, onProgress?: ProgressListener) {
    this.assertNotReindexing();
    const saved = await saveArticleFile(this.config.articlesDir, fileName, content, this.config.maxArticleBytes);
    const report = await this.reindex({}, onProgress);
    return { ...saved, report };
  }

  async removeArticle(id: string, onProgress?: ProgressListener): Promise<ReindexReport> {
    const source = this.listSources().find((s) => s.id === id);
    if (!source) throw new NotFoundError(`No indexed article has the id "${id}".`);
    const siblings = this.listSources().filter((s) => s.sourcePath === source.sourcePath);
    if (siblings.length > 1) {
      throw new InputError(
        `"${id}" comes from ${source.sourcePath}, which holds ${siblings.length} articles; edit that file to remove it.`,
      );
    }
    const file = path.join(this.config.articlesDir, source.sourcePath);
    if (!file.startsWith(this.config.articlesDir + path.sep)) throw new InputError(`"${id}" is not in the articles folder.`);
    fs.rmSync(file, { force: true });
    return this.reindex({}, onProgress);
  }

  // --- questions -----------------------------------------------------------------------------

  async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
    const q = question.trim();
    if (!q) throw new InputError('The question is empty.');
    if (q.length > MAX_QUESTION_CHARS)
      throw new InputError(`The question is ${q.length} characters long; keep it under ${MAX_QUESTION_CHARS}.`);
    checkDates(options.from, options.to);
    const t0 = performance.now();
    return this.withSnapshot(async (snapshot) => {
      const { query, keywordText } = resolveFollowUp(q, options.history);
      const retrieved = await retrieve(snapshot, this.embedder, query, {
        ...this.config.retrieval,
        k: options.k ?? this.config.retrieval.k,
        keywordText,
        sources: options.sources,
        from: options.from,
        to: options.to,
      });
      const t1 = performance.now();
      const candidates = candidateSentences(retrieved.passages);
      const { scored, matcher } = await scoreSentences(query, retrieved.queryVector, retrieved.terms, candidates, this.sentenceVectors);
      const missing = uncoveredSpecifics(q, retrieved.passages, (expr) => snapshot.db.hasMatch(expr));
      let composed: Composed;
      if (missing.length) {
        composed = { answer: notCoveredMessage(missing), refused: true, citations: [] };
      } else if (this.llm && isAnswerable(scored)) {
        composed = await this.llm.answer(
          `Question: ${q}${query !== q ? `\n(Earlier question in this conversation: ${options.history?.at(-1)})` : ''}`,
          retrieved.passages,
        );
      } else {
        composed = composeAnswer(scored, matcher);
      }
      const t2 = performance.now();
      return {
        question: q,
        answer: composed.answer,
        refused: composed.refused,
        citations: composed.citations,
        related: composed.refused ? related(retrieved) : [],
        answerer: this.llm && !composed.refused ? 'llm' : 'extractive',
        timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
      };
    });
  }

  async summarize(target: SummaryTarget): Promise<SummaryResult> {
    const t0 = performance.now();
    return this.withSnapshot(async (snapshot) => {
      if (target.kind === 'article') {
        const match = this.findArticles(target.article, 1)[0];
        if (!match) throw new NotFoundError(`No article matches "${target.article}". See \`archivist sources\` for the ids and titles.`);
        const t1 = performance.now();
        let s = await summarizeArticle(snapshot, match.id, this.sentenceVectors);
        if (this.llm && !s.refused) {
          const passages = snapshot.db.chunksOf(match.id).map((c) => ({
            chunkId: c.id,
            articleId: match.id,
            title: match.title,
            outlet: match.outlet,
            date: match.date,
            url: match.url,
            text: c.text,
            start: c.start,
            end: c.end,
            score: 1,
          }));
          s = fromComposed(await this.llm.answer('Summarise this article in about five sentences.', passages));
        }
        const t2 = performance.now();
        return {
          target,
          article: { id: match.id, title: match.title },
          summary: s.summary,
          refused: s.refused,
          citations: s.citations,
          answerer: this.llm && !s.refused ? 'llm' : 'extractive',
          timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
        };
      }
      const topic = target.topic.trim();
      if (!topic) throw new InputError('The topic is empty.');
      checkDates(target.from, target.to);
      const retrieved = await retrieve(snapshot, this.embedder, topic, {
        ...this.config.retrieval,
        k: 8,
        from: target.from,
        to: target.to,
      });
      const t1 = performance.now();
      let s = await summarizeTopic(topic, retrieved, this.sentenceVectors);
      if (this.llm && !s.refused) {
        s = fromComposed(
          await this.llm.answer(
            `Summarise what the articles say about: ${topic}. Use "- " bullet points; note where outlets differ.`,
            retrieved.passages,
          ),
        );
      }
      const t2 = performance.now();
      return {
        target,
        summary: s.summary,
        refused: s.refused,
        citations: s.citations,
        answerer: this.llm && !s.refused ? 'llm' : 'extractive',
        timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
      };
    });
  }

  // --- feedback and lifecycle ----------------------------------------------------------------

  recordFeedback(feedback: FeedbackRecord): void {
    this.feedback.record(feedback);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.running) {
      this.running.controller.abort(new Error('The archive is closing'));
      await this.running.done;
    }
    this.live.close();
    this.feedback.close();
    await this.embedder.close();
  }
}

function fromComposed(c: Composed): Summary {
  return { summary: c.answer, refused: c.refused, citations: c.citations };
}

function related(retrieved: Retrieved): RelatedArticle[] {
  const out = new Map<string, RelatedArticle>();
  for (const p of retrieved.passages) {
    if (!out.has(p.articleId) && (p.dense ?? 0) > 0.2)
      out.set(p.articleId, { articleId: p.articleId, title: p.title, score: round(p.dense ?? 0, 3) });
  }
  return [...out.values()].slice(0, 3);
}

function checkDates(from?: string, to?: string): void {
  for (const [name, d] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new InputError(`The ${name} date "${d}" is not a date like 2020-12-29.`);
  }
  if (from && to && from > to) throw new InputError(`The from date ${from} is after the to date ${to}.`);
}

export function describeProgress(p: ReindexProgress): string {
  if (p.phase === 'embed') return `embedding ${p.done}/${p.total} passages`;
  if (p.phase === 'read') return `reading ${p.done}/${p.total} files`;
  return p.phase === 'done' ? 'finishing' : `${p.phase} phase`;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
