// The gate shared with test/helpers/blocking-embed-worker.ts, and an embedder running that worker.
import { PoolEmbedder } from '../../src/embed/pool.ts';
import { workerScript } from '../../src/shared/workers.ts';

/** Atomics.waitAsync (Node 16+; not in TypeScript's ES2023 lib). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { value: Promise<string> | string } }).waitAsync;

/** Int32 slots of the gate. */
export const GATE = { open: 0, started: 1, finished: 2 } as const;

export class EmbedGate {
  readonly buffer = new SharedArrayBuffer(12);
  private readonly slots = new Int32Array(this.buffer);

  constructor(open = true) {
    Atomics.store(this.slots, GATE.open, open ? 1 : 0);
  }

  open(): void {
    Atomics.store(this.slots, GATE.open, 1);
    Atomics.notify(this.slots, GATE.open);
  }

  close(): void {
    Atomics.store(this.slots, GATE.open, 0);
  }

  /** Embed tasks the worker has started (the one in progress included) and finished. */
  get started(): number {
    return Atomics.load(this.slots, GATE.started);
  }

  get finished(): number {
    return Atomics.load(this.slots, GATE.finished);
  }

  /** Resolves once at least `n` embed tasks have started; woken by the worker, not polled on a timer. */
  async untilStarted(n: number): Promise<void> {
    for (let seen = this.started; seen < n; seen = this.started) {
      await waitAsync(this.slots, GATE.started, seen).value;
    }
  }
}

/**
 * The product's PoolEmbedder over the blocking worker. One host per worker script per process (see
 * src/embed/pool.ts): every embedder a test file makes shares the first one's gate.
 */
export function gatedEmbedder(gate: EmbedGate, batchSize = 8): PoolEmbedder {
  return new PoolEmbedder({
    script: workerScript(import.meta.url, 'blocking-embed-worker'),
    workerData: { gate: gate.buffer },
    batchSize,
  });
}
