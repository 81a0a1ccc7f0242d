// The one OpenAI client set-up, for embeddings and chat: OpenAI itself or any compatible server
// (Ollama, vLLM, llama.cpp, LM Studio) through baseURL.
import OpenAI from 'openai';
import { registerSecrets } from './redact.ts';

export interface OpenAIClientOptions {
  apiKey: string | undefined;
  baseURL: string | undefined;
  timeoutMs: number;
  /** The SDK retries 408, 409, 429 and 5xx with exponential backoff. */
  maxRetries: number;
}

export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  // The key must never be shown, whoever built the options (the configuration registers it too).
  registerSecrets([options.apiKey]);
  return new OpenAI({
    // Local servers need no key, but the SDK insists on one.
    apiKey: options.apiKey ?? 'not-needed',
    baseURL: options.baseURL,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
}
