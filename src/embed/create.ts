// Picks the embedder the configuration names.
import type { Config } from '../config.ts';
import type { Embedder } from './embedder.ts';
import type { EmbedWorkerData } from './embed-worker.ts';
import { LOCAL_MODEL_DIMENSION, LOCAL_MODEL_NAME, resolveModelBaseDir, verifyModelFiles } from './model-files.ts';
import { OpenAIEmbedder } from './openai.ts';
import { PoolEmbedder } from './pool.ts';
import { workerScript } from '../shared/workers.ts';

export function createEmbedder(config: Config): Embedder {
  const e = config.embedder;
  if (e.provider === 'local') {
    const data: Omit<EmbedWorkerData, 'module'> = {
      modelDir: e.modelDir,
      batchSize: e.batchSize,
      intraOpThreads: e.threads,
      interOpThreads: 1,
      verified: true,
    };
    return new PoolEmbedder({
      script: workerScript(import.meta.url, 'embed-worker'),
      workerData: { ...data },
      batchSize: e.batchSize,
      // Checked here, in the caller's thread, before any worker starts: transformers.js hangs on a missing file.
      preflight: () => verifyModelFiles(resolveModelBaseDir(e.modelDir)),
    });
  }
  return new OpenAIEmbedder({
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    model: e.model,
    dimensions: e.dimensions,
    batchSize: e.batchSize,
    timeoutMs: config.openai.timeoutMs,
  });
}

/** Provider, model and (when the configuration fixes it) dimension asked for, known without loading anything. */
export function configuredEmbedder(config: Config): { provider: 'local' | 'openai'; model: string; dimension?: number } {
  if (config.embedder.provider === 'local') return { provider: 'local', model: LOCAL_MODEL_NAME, dimension: LOCAL_MODEL_DIMENSION };
  const { model, dimensions } = config.embedder;
  return dimensions === undefined ? { provider: 'openai', model } : { provider: 'openai', model, dimension: dimensions };
}
