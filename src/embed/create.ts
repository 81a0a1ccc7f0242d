// Picks the embedder the configuration names.
import type { Config } from '../config.ts';
import type { Embedder } from './embedder.ts';
import { LocalEmbedder } from './local.ts';
import { LOCAL_MODEL_DIMENSION, LOCAL_MODEL_NAME } from './model-files.ts';
import { OpenAIEmbedder } from './openai.ts';

export function createEmbedder(config: Config): Embedder {
  const e = config.embedder;
  if (e.provider === 'local') return new LocalEmbedder({ modelDir: e.modelDir, batchSize: e.batchSize });
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
