// The one reindex this process runs at a time: its progress for whoever asks, and its abort on close.
// Another process's reindex is kept out by the lock file (store/lock.ts); this keeps out our own second one
// before it even reads the articles folder.
import type { ProgressListener } from '../api.ts';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { ReindexBusyError } from '../errors.ts';
import { describeProgress } from '../format/progress.ts';
import { reindex as runReindex } from '../indexing/reindex.ts';
import type { Logger } from '../logger.ts';
import type { ReindexOptions, ReindexProgress, ReindexReport } from '../types.ts';

interface Running {
  progress: ReindexProgress;
  controller: AbortController;
  done: Promise<unknown>;
}

export class ReindexJob {
  private running: Running | null = null;

  constructor(
    private readonly config: Config,
    private readonly embedder: Embedder,
    private readonly logger?: Logger,
  ) {}

  /** Progress of the reindex running in this process, or null. */
  progress(): ReindexProgress | null {
    return this.running ? { ...this.running.progress } : null;
  }

  /** Throws ReindexBusyError when a reindex runs in this process: checked before anything is changed. */
  assertIdle(): void {
    if (!this.running) return;
    const p = this.running.progress;
    throw new ReindexBusyError(`A reindex is already running (${describeProgress(p)}).`, p);
  }

  async run(options: ReindexOptions = {}, onProgress: ProgressListener = () => {}): Promise<ReindexReport> {
    this.assertIdle();
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const state: Running = { progress: { phase: 'scan', done: 0, total: 0 }, controller, done: Promise.resolve() };
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
    } finally {
      this.running = null;
    }
  }

  /** Aborts a running reindex (the live index stays as it was) and waits for it to stop. */
  async abort(reason: Error): Promise<void> {
    if (!this.running) return;
    this.running.controller.abort(reason);
    await this.running.done;
  }
}
