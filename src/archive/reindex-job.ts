// The one reindex this process runs at a time: its progress for whoever asks, and its abort on close.
// Another process's reindex is kept out by the lock file (store/lock.ts); this keeps out our own second one
// before it even reads the articles folder.
//
// The reindex itself runs in a worker thread (archive/reindex-worker.ts), so reading, cleaning, chunking,
// SQLite and hnswlib never hold up the main thread (a bot's acknowledgements and heartbeats). Its embeddings
// come back here and go to the embedder's background queue, behind the questions being answered.
import { Worker } from 'node:worker_threads';
import type { ProgressListener } from '../api.ts';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { ReindexBusyError } from '../errors.ts';
import { describeProgress } from '../format/progress.ts';
import { reindex as runReindex } from '../indexing/reindex.ts';
import type { Logger } from '../logger.ts';
import { workerScript } from '../shared/workers.ts';
import type { ReindexOptions, ReindexProgress, ReindexReport } from '../types.ts';
import { type FromJob, reviveError, serializeError, type ToJob } from './reindex-messages.ts';
import type { ReindexWorkerData } from './reindex-worker.ts';

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
    /**
     * Run the reindex on the calling thread instead of a worker: only for tests that inject faults with spies,
     * which cannot reach into another thread.
     */
    private readonly onCallingThread = false,
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
    const track = (p: ReindexProgress) => {
      state.progress = p;
      onProgress(p);
    };
    const work = this.onCallingThread
      ? runReindex({ config: this.config, embedder: this.embedder.background?.() ?? this.embedder }, { ...options, signal }, track)
      : this.inWorker(options, signal, track);
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

  private inWorker(options: ReindexOptions, signal: AbortSignal, onProgress: (p: ReindexProgress) => void): Promise<ReindexReport> {
    signal.throwIfAborted();
    const embedder = this.embedder.background?.() ?? this.embedder;
    const script = workerScript(import.meta.url, 'reindex-worker');
    const handled = new SharedArrayBuffer(4);
    const data: ReindexWorkerData = {
      ...script.workerData,
      config: this.config,
      full: options.full === true,
      dir: options.dir,
      handled,
    };
    const worker = new Worker(script.filename, { workerData: data });
    const send = (message: ToJob, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
    const logger = this.logger;

    return new Promise<ReindexReport>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        fn();
        void worker.terminate();
      };
      const onAbort = () => send({ type: 'abort', reason: String((signal.reason as Error | undefined)?.message ?? 'aborted') });
      signal.addEventListener('abort', onAbort, { once: true });

      worker.on('message', (message: FromJob) => {
        switch (message.type) {
          case 'progress': {
            try {
              onProgress(message.progress);
            } catch (err) {
              logger?.warn({ error: (err as Error).message }, 'a reindex progress listener failed');
            } finally {
              const slot = new Int32Array(handled);
              Atomics.store(slot, 0, message.seq);
              Atomics.notify(slot, 0);
            }
            return;
          }
          case 'info':
            embedder.init().then(
              (info) => send({ type: 'info', id: message.id, info }),
              (err: unknown) => send({ type: 'embedFailed', id: message.id, error: serializeError(err) }),
            );
            return;
          case 'embed':
            embedder.embed(message.texts).then(
              (vectors) => {
                const dimension = vectors[0]?.length ?? 0;
                const flat = new Float32Array(vectors.length * dimension);
                for (const [i, v] of vectors.entries()) flat.set(v, i * dimension);
                send({ type: 'vectors', id: message.id, dimension, flat }, [flat.buffer]);
              },
              (err: unknown) => send({ type: 'embedFailed', id: message.id, error: serializeError(err) }),
            );
            return;
          case 'done':
            finish(() => resolve(message.report));
            return;
          case 'failed':
            // An abort is reported with the caller's own reason, whatever the worker was doing when it landed.
            finish(() => reject(signal.aborted ? signal.reason : reviveError(message.error)));
            return;
        }
      });
      worker.on('error', (err) => finish(() => reject(signal.aborted ? signal.reason : err)));
      worker.on('exit', (code) =>
        finish(() => reject(signal.aborted ? signal.reason : new Error(`The reindex worker stopped unexpectedly (exit code ${code}).`))),
      );
    });
  }
}
