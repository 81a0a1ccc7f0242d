// all-MiniLM-L6-v2 (4-bit ONNX) on the CPU through transformers.js, fully offline.
import type { EmbedderInfo } from '../types.ts';
import { embedSorted, EmbedderError, type Embedder } from './embedder.ts';
import { LOCAL_MODEL_DIMENSION, LOCAL_MODEL_ID, LOCAL_MODEL_NAME, resolveModelBaseDir, verifyModelFiles } from './model-files.ts';

type Extractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ data: Float32Array; dims: number[] }>;

const LOAD_TIMEOUT_MS = 120_000;

export interface LocalEmbedderOptions {
  modelDir: string | undefined;
  batchSize: number;
  /** onnxruntime's threads for one inference (intra-op); unset: onnxruntime's default, one per core. */
  intraOpThreads?: number;
  /** onnxruntime's threads for running independent graph nodes in parallel (inter-op). */
  interOpThreads?: number;
  /** The files were checked against their sha256 already (by the pool, before starting its workers). */
  verified?: boolean;
}

/**
 * Runs the model on the calling thread: onnxruntime's `session.run` is synchronous there. The product uses it
 * inside worker threads only (embed/pool.ts, embed/embed-worker.ts); on the main thread it would block
 * everything else while it runs.
 */
export class LocalEmbedder implements Embedder {
  private extractor: Promise<Extractor> | null = null;

  constructor(private readonly options: LocalEmbedderOptions) {}

  private load(): Promise<Extractor> {
    this.extractor ??= (async () => {
      const baseDir = resolveModelBaseDir(this.options.modelDir);
      if (!this.options.verified) verifyModelFiles(baseDir);
      const { env, pipeline } = await import('@huggingface/transformers');
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = baseDir.endsWith('/') ? baseDir : `${baseDir}/`;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new EmbedderError(`Loading the embedding model from ${baseDir} took over ${LOAD_TIMEOUT_MS / 1000}s`)),
          LOAD_TIMEOUT_MS,
        );
        timer.unref();
      });
      try {
        const extractor = await Promise.race([
          pipeline('feature-extraction', LOCAL_MODEL_ID, {
            dtype: 'q4',
            device: 'cpu',
            local_files_only: true,
            session_options: sessionOptions(this.options),
          }),
          timeout,
        ]);
        return extractor as unknown as Extractor;
      } catch (err) {
        if (err instanceof EmbedderError) throw err;
        throw new EmbedderError(`Could not load the embedding model from ${baseDir}: ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    })();
    // A failed load is not cached: the next call tries again and reports again.
    this.extractor.catch(() => (this.extractor = null));
    return this.extractor;
  }

  async init(): Promise<EmbedderInfo> {
    await this.load();
    return { provider: 'local', model: LOCAL_MODEL_NAME, dimension: LOCAL_MODEL_DIMENSION };
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const extractor = await this.load();
    return embedSorted(texts, this.options.batchSize, async (batch) => {
      const out = await extractor(batch, { pooling: 'mean', normalize: true });
      const dim = out.dims[1]!;
      return batch.map((_, i) => out.data.slice(i * dim, (i + 1) * dim));
    });
  }

  async close(): Promise<void> {
    const extractor = this.extractor ? await this.extractor.catch(() => null) : null;
    await (extractor as unknown as { dispose?: () => Promise<void> } | null)?.dispose?.();
    this.extractor = null;
  }
}

function sessionOptions(o: LocalEmbedderOptions): Record<string, number> {
  return {
    ...(o.intraOpThreads ? { intraOpNumThreads: o.intraOpThreads } : {}),
    ...(o.interOpThreads ? { interOpNumThreads: o.interOpThreads } : {}),
  };
}
