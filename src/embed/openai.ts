// Embeddings from the OpenAI API or any compatible server (Ollama, vLLM, llama.cpp), batched, with retries.
import type OpenAI from 'openai';
import { redact } from '../shared/redact.ts';
import { createOpenAIClient } from '../shared/openai.ts';
import type { EmbedderInfo } from '../types.ts';
import { embedSorted, EmbedderError, type Embedder } from './embedder.ts';

export interface OpenAIEmbedderOptions {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  dimensions: number | undefined;
  batchSize: number;
  timeoutMs: number;
}

export class OpenAIEmbedder implements Embedder {
  private readonly client: OpenAI;
  private info: EmbedderInfo | null = null;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    this.client = createOpenAIClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs: options.timeoutMs, maxRetries: 3 });
  }

  private async request(texts: string[]): Promise<Float32Array[]> {
    try {
      const res = await this.client.embeddings.create({
        model: this.options.model,
        input: texts,
        ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}),
        encoding_format: 'float',
      });
      const data = [...res.data].sort((a, b) => a.index - b.index);
      if (data.length !== texts.length) throw new EmbedderError(`the server returned ${data.length} embeddings for ${texts.length} texts`);
      return data.map((d) => Float32Array.from(d.embedding));
    } catch (err) {
      if (err instanceof EmbedderError) throw err;
      // The SDK's messages carry status and server text. The text can quote the key back (a 401 says
      // "Incorrect API key provided: <key>"), so it is cut out before the message goes anywhere.
      const message = redact((err as Error).message);
      throw new EmbedderError(`Embedding request to ${this.client.baseURL} (model ${this.options.model}) failed: ${message}`);
    }
  }

  async init(): Promise<EmbedderInfo> {
    if (!this.info) {
      const [probe] = await this.request(['dimension probe']);
      this.info = { provider: 'openai', model: this.options.model, dimension: probe!.length };
    }
    return this.info;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const info = await this.init();
    const vectors = await embedSorted(texts, this.options.batchSize, (batch) => this.request(batch));
    const bad = vectors.find((v) => v.length !== info.dimension);
    if (bad) throw new EmbedderError(`the server returned a ${bad.length}-dimension embedding; expected ${info.dimension}`);
    return vectors;
  }

  async close(): Promise<void> {}
}
