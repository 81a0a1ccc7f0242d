// The local model in a worker thread (piscina), so that no inference ever runs on the main thread:
// onnxruntime-node's session.run is synchronous, and on the main thread it held up routing, Discord
// acknowledgements and gateway heartbeats.
//
// One worker per process, for good: onnxruntime-node 1.21.0's native binding is not context-aware. A second
// thread loading it fails ("Module did not self-register"), even after the first has exited, and two threads
// running it crash the process (HandleScope without locking; microsoft/onnxruntime#24486). So every
// PoolEmbedder of a process shares one ModelHost per worker script, and the host's thread is never ended
// (piscina unrefs an idle worker, so it does not keep the process alive). The one worker uses the cores
// through onnxruntime's own intra-op threads (EMBED_THREADS).
//
// Calls are cut into tasks of `batchSize` texts. Tasks are handed to piscina only when the worker is free,
// from two queues: questions ('interactive') first, a reindex's batches ('background') after them, so a
// question waits for at most the one batch being embedded.
import { Piscina } from 'piscina';
import { EmbedderError } from '../errors.ts';
import type { WorkerScript } from '../shared/workers.ts';
import type { EmbedderInfo } from '../types.ts';
import type { Embedder } from './embedder.ts';
import type { EmbedTask, InitResult } from './embed-worker.ts';

export type Priority = 'interactive' | 'background';

export interface PoolEmbedderOptions {
  /** The worker module (embed/embed-worker.ts, or a test's stand-in speaking the same tasks). */
  script: WorkerScript;
  /** More data for the worker, beside the script's own. Only the first PoolEmbedder of a script sets it. */
  workerData?: Record<string, unknown>;
  /** Texts per task. */
  batchSize: number;
  /** Runs before the worker starts (the model-file check): fails fast, in the caller's thread, with a clear error. */
  preflight?: () => void;
}

export interface PoolStatus {
  state: 'idle' | 'warming' | 'ready' | 'failed';
  /** Tasks waiting for the worker, by priority. */
  queued: Record<Priority, number>;
  running: boolean;
  /** How long starting the worker, loading the model and warming it took. */
  warmMs: number | null;
}

interface Pending {
  task: EmbedTask;
  resolve: (value: Float32Array) => void;
  reject: (err: unknown) => void;
}

function asEmbedderError(err: unknown): EmbedderError {
  if (err instanceof EmbedderError) return err;
  // Errors cross the thread boundary as plain Errors: the class is lost, the message (written for the user) is kept.
  return new EmbedderError(`The embedding worker failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/** The worker thread of one script and the queues in front of it; one per script per process. */
class ModelHost {
  private pool: Piscina | null = null;
  private ready: Promise<EmbedderInfo> | null = null;
  private readonly queues: Record<Priority, Pending[]> = { interactive: [], background: [] };
  private running = false;
  state: PoolStatus['state'] = 'idle';
  warmMs: number | null = null;

  constructor(
    private readonly script: WorkerScript,
    private readonly workerData: Record<string, unknown>,
  ) {}

  init(preflight: (() => void) | undefined): Promise<EmbedderInfo> {
    this.ready ??= this.start(preflight);
    return this.ready;
  }

  status(): PoolStatus {
    return {
      state: this.state,
      queued: { interactive: this.queues.interactive.length, background: this.queues.background.length },
      running: this.running,
      warmMs: this.warmMs,
    };
  }

  run(task: EmbedTask, priority: Priority): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      this.queues[priority].push({ task, resolve, reject });
      this.pump();
    });
  }

  private async start(preflight: (() => void) | undefined): Promise<EmbedderInfo> {
    this.state = 'warming';
    const started = performance.now();
    try {
      preflight?.();
      this.pool ??= new Piscina({
        filename: this.script.filename,
        workerData: { ...this.workerData, ...this.script.workerData },
        minThreads: 1,
        maxThreads: 1,
        // The worker holds the model, and no other thread of this process could load it again.
        idleTimeout: Number.POSITIVE_INFINITY,
        concurrentTasksPerWorker: 1,
      });
      const init = (await this.pool.run({ kind: 'init' } satisfies EmbedTask)) as InitResult;
      this.state = 'ready';
      this.warmMs = performance.now() - started;
      this.pump();
      return init.info;
    } catch (err) {
      this.state = 'failed';
      // A failed start is not kept: the next call tries again and reports again (a missing model file is
      // caught by the preflight before the worker is asked for anything).
      this.ready = null;
      throw asEmbedderError(err);
    }
  }

  /** Hands the next waiting task to the worker when it is free, questions first. */
  private pump(): void {
    const pool = this.pool;
    if (!pool || this.state !== 'ready' || this.running) return;
    const next = this.queues.interactive.shift() ?? this.queues.background.shift();
    if (!next) return;
    this.running = true;
    (pool.run(next.task) as Promise<Float32Array>)
      .then(next.resolve, (err: unknown) => next.reject(asEmbedderError(err)))
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}

const hosts = new Map<string, ModelHost>();

function hostFor(options: PoolEmbedderOptions): ModelHost {
  const key = `${options.script.filename}\n${options.script.workerData.module}`;
  let host = hosts.get(key);
  if (!host) {
    host = new ModelHost(options.script, options.workerData ?? {});
    hosts.set(key, host);
  }
  return host;
}

export class PoolEmbedder implements Embedder {
  private readonly host: ModelHost;
  private closed = false;
  private readonly backgroundView: Embedder;

  constructor(private readonly options: PoolEmbedderOptions) {
    this.host = hostFor(options);
    this.backgroundView = {
      init: () => this.init(),
      embed: (texts) => this.embedAt(texts, 'background'),
      close: async () => {},
      background: () => this.backgroundView,
    };
  }

  /** Starts the worker, loads the model and runs a few warm-up embeddings; once per process. */
  init(): Promise<EmbedderInfo> {
    if (this.closed) return Promise.reject(new EmbedderError('The embedder is closed.'));
    return this.host.init(this.options.preflight);
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return this.embedAt(texts, 'interactive');
  }

  background(): Embedder {
    return this.backgroundView;
  }

  status(): PoolStatus {
    return this.host.status();
  }

  /** Refuses further calls. The worker itself stays for the process's other embedders (see the top). */
  async close(): Promise<void> {
    this.closed = true;
  }

  private async embedAt(texts: string[], priority: Priority): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    await this.init();
    // Sorted by length, so a task's texts pad to similar lengths.
    const order = texts
      .map((t, i) => [t.length, i] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, i]) => i);
    const size = this.options.batchSize;
    const out = new Array<Float32Array>(texts.length);
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < order.length; i += size) {
      const idx = order.slice(i, i + size);
      tasks.push(
        this.host.run({ kind: 'embed', texts: idx.map((j) => texts[j]!) }, priority).then((flat) => {
          const dim = flat.length / idx.length;
          for (const [k, j] of idx.entries()) out[j] = flat.subarray(k * dim, (k + 1) * dim);
        }),
      );
    }
    await Promise.all(tasks);
    return out;
  }
}
