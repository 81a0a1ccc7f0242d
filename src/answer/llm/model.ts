// The chat model behind an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio):
// one completion, streamed or not, with its token usage. Failures become a ModelError whose message names
// the server and what went wrong, with every secret removed (a server may echo the Authorization header).
import OpenAI from 'openai';
import { ModelError } from '../../errors.ts';
import { createOpenAIClient } from '../../shared/openai.ts';
import { redact } from '../../shared/redact.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** True when the server reported no usage and it was estimated from the text (4 characters a token). */
  estimated: boolean;
}

export const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, estimated: false };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    estimated: a.estimated || b.estimated,
  };
}

export const totalTokens = (u: Usage): number => u.promptTokens + u.completionTokens;

export interface Completion {
  text: string;
  usage: Usage;
}

export interface ChatModelOptions {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  /** Per attempt: until the response starts, and then between two streamed pieces. */
  timeoutMs: number;
  /** Retries of 408, 409, 429, 5xx and connection failures, with the SDK's exponential backoff. */
  maxRetries: number;
  /** Cap on the completion's length; 0 sends none (some models refuse the parameter). */
  maxOutputTokens: number;
}

export interface CompleteOptions {
  /** Streams the completion, calling this with the whole text so far after each piece. */
  onText?: (textSoFar: string) => void;
  /** A smaller cap than the configured one (a rewritten question needs a line). */
  maxOutputTokens?: number;
}

/** Request parameters some models refuse ("Unsupported parameter: 'max_tokens'", temperature on reasoning models). */
type Optional = 'temperature' | 'max_tokens';

export class ChatModel {
  private readonly client: OpenAI;
  /** Parameters this server refused once: not sent again. */
  private readonly refused = new Set<Optional>();
  /** Where the model is, for messages: the host of the base url, or OpenAI's. */
  readonly where: string;

  constructor(private readonly options: ChatModelOptions) {
    this.client = createOpenAIClient({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
    this.where = options.baseURL ? safeHost(options.baseURL) : 'api.openai.com';
  }

  get name(): string {
    return this.options.model;
  }

  async complete(messages: ChatMessage[], options: CompleteOptions = {}): Promise<Completion> {
    try {
      return await this.attempt(messages, options);
    } catch (err) {
      // A model that refuses an optional parameter is asked again without it, once per parameter.
      const param = refusedParameter(err);
      if (param && !this.refused.has(param)) {
        this.refused.add(param);
        return this.complete(messages, options);
      }
      throw this.failure(err);
    }
  }

  private async attempt(messages: ChatMessage[], options: CompleteOptions): Promise<Completion> {
    const cap = options.maxOutputTokens ?? this.options.maxOutputTokens;
    const body = {
      model: this.options.model,
      messages,
      // Answers must come from the passages, the same way every time.
      ...(this.refused.has('temperature') ? {} : { temperature: 0 }),
      ...(cap > 0 && !this.refused.has('max_tokens') ? { max_tokens: cap } : {}),
    };
    if (!options.onText) {
      const res = await this.client.chat.completions.create({ ...body, stream: false });
      const text = res.choices[0]?.message?.content ?? '';
      return { text, usage: usageOf(res.usage, messages, text) };
    }
    return await this.stream(body, messages, options.onText);
  }

  private async stream(
    body: { model: string; messages: ChatMessage[]; temperature?: number; max_tokens?: number },
    messages: ChatMessage[],
    onText: (textSoFar: string) => void,
  ): Promise<Completion> {
    // The SDK's timeout ends when the response starts; a stream that stalls after that is ended here.
    const controller = new AbortController();
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new StalledError(this.options.timeoutMs)), this.options.timeoutMs);
    };
    arm();
    try {
      const stream = await this.client.chat.completions.create(
        { ...body, stream: true, stream_options: { include_usage: true } },
        { signal: controller.signal },
      );
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        arm();
        if (chunk.usage) usage = chunk.usage;
        const piece = chunk.choices[0]?.delta?.content;
        if (piece) {
          text += piece;
          onText(text);
        }
      }
      return { text, usage: usageOf(usage, messages, text) };
    } catch (err) {
      throw controller.signal.reason instanceof StalledError ? controller.signal.reason : err;
    } finally {
      clearTimeout(idle);
    }
  }

  /** A ModelError for the logs: the server, the model and the cause, never a secret. */
  private failure(err: unknown): ModelError {
    const where = `The language model at ${this.where} (${this.options.model})`;
    let reason: string;
    if (err instanceof StalledError) reason = err.message;
    else if (err instanceof OpenAI.APIConnectionTimeoutError) reason = `did not answer within ${seconds(this.options.timeoutMs)}`;
    else if (err instanceof OpenAI.APIConnectionError)
      reason = `could not be reached (${(err.cause as Error | undefined)?.message ?? err.message})`;
    else if (err instanceof OpenAI.APIError) reason = `failed: ${err.status ?? ''} ${err.message}`.replace(/\s+/g, ' ');
    else reason = `failed: ${(err as Error)?.message ?? String(err)}`;
    return new ModelError(redact(`${where} ${reason}`), { cause: err });
  }
}

class StalledError extends Error {
  constructor(ms: number) {
    super(`stopped sending its answer for ${seconds(ms)}`);
  }
}

/** The optional parameter a 400 reply says the model does not support, if that is what it says. */
function refusedParameter(err: unknown): Optional | null {
  if (!(err instanceof OpenAI.BadRequestError)) return null;
  const text = `${err.message} ${JSON.stringify(err.error ?? '')}`.toLowerCase();
  if (!/unsupported|not support|does not support|invalid/.test(text)) return null;
  if (text.includes('temperature')) return 'temperature';
  if (text.includes('max_tokens')) return 'max_tokens';
  return null;
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** The base url's host and port: a path or credentials in it are nobody's business. */
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured server';
  }
}

/** The server's counts, or an estimate when it sends none (some compatible servers do not). */
function usageOf(usage: OpenAI.CompletionUsage | null | undefined, messages: ChatMessage[], text: string): Usage {
  if (usage && (usage.prompt_tokens > 0 || usage.completion_tokens > 0)) {
    return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, estimated: false };
  }
  const chars = messages.reduce((n, m) => n + m.content.length, 0);
  return { promptTokens: Math.ceil(chars / 4), completionTokens: Math.ceil(text.length / 4), estimated: true };
}
