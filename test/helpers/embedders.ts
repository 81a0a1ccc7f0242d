// Embedder wrappers for tests: share one loaded model across archives, count what is embedded, hold a reindex mid-way.
import type { Embedder } from '../../src/embed/embedder.ts';
import { LocalEmbedder } from '../../src/embed/local.ts';
import type { EmbedderInfo } from '../../src/types.ts';

/** The real local model, loaded once per test file; `close()` of archives using it does not unload it. */
export class SharedLocalEmbedder implements Embedder {
  private readonly inner = new LocalEmbedder({ modelDir: undefined, batchSize: 8 });

  init(): Promise<EmbedderInfo> {
    return this.inner.init();
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return this.inner.embed(texts);
  }

  async close(): Promise<void> {}

  /** Really unloads the model (call in `after`). */
  dispose(): Promise<void> {
    return this.inner.close();
  }
}

/** Counts the texts passed to `embed` and the calls made, then delegates. */
export class CountingEmbedder implements Embedder {
  texts: string[] = [];
  calls = 0;

  constructor(private readonly inner: Embedder) {}

  init(): Promise<EmbedderInfo> {
    return this.inner.init();
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    this.texts.push(...texts);
    return this.inner.embed(texts);
  }

  reset(): void {
    this.texts = [];
    this.calls = 0;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Blocks every `embed` call until `release()`: a reindex using it stays in its embed phase (holding the lock)
 * for as long as the test needs, with no timing involved. `entered` resolves at the first blocked call.
 */
export class GateEmbedder implements Embedder {
  private open = false;
  private waiters: Array<() => void> = [];
  private enter!: () => void;
  readonly entered = new Promise<void>((resolve) => (this.enter = resolve));

  constructor(private readonly inner: Embedder) {}

  init(): Promise<EmbedderInfo> {
    return this.inner.init();
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (!this.open) {
      this.enter();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.inner.embed(texts);
  }

  release(): void {
    this.open = true;
    for (const w of this.waiters.splice(0)) w();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
