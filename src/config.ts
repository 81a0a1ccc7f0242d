// The one place configuration is read and validated. Everything else receives a Config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { registerSecrets, secretsOf } from './shared/redact.ts';

export { ConfigError };

/**
 * The repository root (the folder holding package.json): defaults such as index-data/ are relative to it,
 * not to the caller's cwd. Found by walking up, so the same code works from src/ (tsx) and dist/src/ (built).
 */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'data'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(z.url({ protocol: /^https?$/ }).optional());
const idList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^\d{5,25}$/, 'must be a comma-separated list of Discord ids (digits)')));
/** "N/SECONDS", e.g. "5/60" = five questions a minute. */
const rate = z
  .string()
  .regex(/^\d+\/\d+$/, 'must look like COUNT/SECONDS, e.g. 5/60')
  .transform((v) => {
    const [count, seconds] = v.split('/').map(Number) as [number, number];
    return { count, windowMs: seconds * 1000 };
  });

const schema = z.object({
  ARTICLES_DIR: z.string().default(path.join(PROJECT_ROOT, 'index-data', 'articles')),
  INDEX_DIR: z.string().default(path.join(PROJECT_ROOT, 'index-data', 'index')),
  // Unset: server-articles/ beside INDEX_DIR (index-data/server-articles by default).
  SERVER_ARTICLES_DIR: optionalString,
  MAX_ARTICLE_BYTES: intFrom(1, 1024 ** 3).default(5 * 1024 * 1024),

  EMBEDDER: z.enum(['local', 'openai']).default('local'),
  MODEL_DIR: optionalString,
  // Unset: 8 for the local model (padding makes big CPU batches slower), 64 for an API (fewer round trips).
  EMBED_BATCH_SIZE: intFrom(1, 512).optional(),
  // onnxruntime's threads for the local model, which runs in one worker thread (see .env.example).
  EMBED_THREADS: intFrom(1, 64).optional(),
  EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_CHAT_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: intFrom(1000, 600_000).default(60_000),
  // The SDK retries 408, 409, 429, 5xx and connection errors with exponential backoff.
  OPENAI_MAX_RETRIES: intFrom(0, 10).default(2),
  ANSWERER: z.enum(['auto', 'extractive', 'llm']).default('auto'),
  // The chat model's prompt budget and output cap (tokens), and the daily budgets (0 = no limit): see .env.example.
  MAX_CONTEXT_TOKENS: intFrom(500, 2_000_000).default(3000),
  LLM_MAX_OUTPUT_TOKENS: intFrom(0, 100_000).default(600),
  LLM_DAILY_TOKENS_PER_USER: intFrom(0, 1e12).default(20_000),
  LLM_DAILY_TOKENS_PER_SERVER: intFrom(0, 1e12).default(200_000),

  CHUNK_WORDS: intFrom(30, 400).default(130),
  CHUNK_OVERLAP_SENTENCES: intFrom(0, 5).default(1),
  RETRIEVAL_K: intFrom(1, 20).default(5),
  FUSION: z.enum(['weighted', 'rrf']).default('weighted'),
  FUSION_ALPHA: z.coerce.number().min(0).max(1).default(0.5),
  // Reuse of answers and of sentence embeddings (see .env.example).
  ASK_CACHE_SECONDS: intFrom(0, 86_400).default(120),
  SENTENCE_CACHE_ROWS: intFrom(0, 10_000_000).default(100_000),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: z
    .string()
    .regex(/^\d{5,25}$/, 'must be the application id (digits)')
    .optional(),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{5,25}$/, 'must be a guild id (digits)')
    .optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/ }).default('https://discord.com/api'),
  MODERATOR_ROLE_IDS: idList,
  ALLOWED_GUILD_IDS: idList,
  RATE_LIMIT_USER: rate.default({ count: 5, windowMs: 60_000 }),
  RATE_LIMIT_GUILD: rate.default({ count: 30, windowMs: 60_000 }),
  // The bot's question queue (see README, "Discord bot"): waiting questions at most, per user, answered at once.
  QUEUE_MAX: intFrom(1, 100_000).default(100),
  QUEUE_MAX_PER_USER: intFrom(1, 1000).default(5),
  QUEUE_CONCURRENCY: intFrom(1, 64).default(2),
  URL_FETCH_ALLOW_PRIVATE: bool.default(false),
  URL_FETCH_MAX_BYTES: intFrom(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  URL_FETCH_TIMEOUT_MS: intFrom(100, 120_000).default(15_000),
});

type Env = z.infer<typeof schema>;

export interface Config {
  /** The shared corpus: managed by the operator (files, `archivist add`), answered from in every server. */
  articlesDir: string;
  indexDir: string;
  /** Articles added with /sources add, one folder per Discord server (`<dir>/<server id>/`), each answered only there. */
  serverArticlesDir: string;
  maxArticleBytes: number;
  embedder:
    | {
        provider: 'local';
        modelDir: string | undefined;
        batchSize: number;
        /** onnxruntime's intra-op threads in the model's worker (inter-op is 1: the graph runs sequentially). */
        threads: number;
      }
    | { provider: 'openai'; model: string; dimensions: number | undefined; batchSize: number };
  openai: { apiKey: string | undefined; baseURL: string | undefined; chatModel: string; timeoutMs: number; maxRetries: number };
  answerer: 'extractive' | 'llm';
  /** The chat model's limits: prompt size, output size, and daily token budgets (0 = no limit). */
  llm: { maxContextTokens: number; maxOutputTokens: number; dailyTokensPerUser: number; dailyTokensPerServer: number };
  chunking: { targetWords: number; overlapSentences: number };
  retrieval: { k: number; fusion: 'weighted' | 'rrf'; alpha: number };
  /** Finished answers are reused this long on the same index generation (0: only answers in progress are shared). */
  askCacheMs: number;
  /** Sentence embeddings kept on disk at most (0: none, only in memory). */
  sentenceCacheRows: number;
  logLevel: Env['LOG_LEVEL'];
  discord: {
    token: string | undefined;
    appId: string | undefined;
    guildId: string | undefined;
    apiUrl: string;
    moderatorRoleIds: string[];
    /** The servers the bot serves; empty: every server that invites it. */
    allowedGuildIds: string[];
    userRate: { count: number; windowMs: number };
    guildRate: { count: number; windowMs: number };
    queue: { maxWaiting: number; maxPerUser: number; concurrency: number };
  };
  urlFetch: { allowPrivate: boolean; maxBytes: number; timeoutMs: number };
}

/**
 * Reads .env (if present) and the environment once, validates every variable and
 * returns a frozen Config. Errors name the variable and what is wrong with it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenvPath?: string | false } = {}): Config {
  const merged: Record<string, string | undefined> = {};
  if (options.dotenvPath !== false) {
    const parsed = dotenv.config({ path: options.dotenvPath ?? path.join(process.cwd(), '.env'), processEnv: merged, quiet: true });
    if (parsed.error && (parsed.error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`Could not read .env: ${parsed.error.message}`);
    }
  }
  // Real environment variables win over .env, as dotenv does by default.
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  // Before anything can fail and print: every secret is known to the redactor from here on.
  registerSecrets(secretsOf(merged));

  const result = schema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = result.data;
  if (e.EMBEDDER === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  EMBEDDER: "openai" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local compatible server)',
    );
  }
  const llmAvailable = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  if (e.ANSWERER === 'llm' && !llmAvailable) {
    throw new ConfigError('Invalid configuration:\n  ANSWERER: "llm" needs OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  const config: Config = {
    articlesDir: path.resolve(e.ARTICLES_DIR),
    indexDir: path.resolve(e.INDEX_DIR),
    serverArticlesDir: path.resolve(e.SERVER_ARTICLES_DIR ?? path.join(path.dirname(path.resolve(e.INDEX_DIR)), 'server-articles')),
    maxArticleBytes: e.MAX_ARTICLE_BYTES,
    embedder:
      e.EMBEDDER === 'local'
        ? {
            provider: 'local',
            modelDir: e.MODEL_DIR ? path.resolve(e.MODEL_DIR) : undefined,
            batchSize: e.EMBED_BATCH_SIZE ?? 8,
            threads: e.EMBED_THREADS ?? Math.max(1, os.availableParallelism()),
          }
        : { provider: 'openai', model: e.EMBEDDING_MODEL, dimensions: e.EMBEDDING_DIMENSIONS, batchSize: e.EMBED_BATCH_SIZE ?? 64 },
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      chatModel: e.OPENAI_CHAT_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      maxRetries: e.OPENAI_MAX_RETRIES,
    },
    answerer: e.ANSWERER === 'auto' ? (llmAvailable ? 'llm' : 'extractive') : e.ANSWERER,
    llm: {
      maxContextTokens: e.MAX_CONTEXT_TOKENS,
      maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
      dailyTokensPerUser: e.LLM_DAILY_TOKENS_PER_USER,
      dailyTokensPerServer: e.LLM_DAILY_TOKENS_PER_SERVER,
    },
    chunking: { targetWords: e.CHUNK_WORDS, overlapSentences: e.CHUNK_OVERLAP_SENTENCES },
    retrieval: { k: e.RETRIEVAL_K, fusion: e.FUSION, alpha: e.FUSION_ALPHA },
    askCacheMs: e.ASK_CACHE_SECONDS * 1000,
    sentenceCacheRows: e.SENTENCE_CACHE_ROWS,
    logLevel: e.LOG_LEVEL,
    discord: {
      token: e.DISCORD_TOKEN,
      appId: e.DISCORD_APP_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
      moderatorRoleIds: e.MODERATOR_ROLE_IDS,
      allowedGuildIds: e.ALLOWED_GUILD_IDS,
      userRate: e.RATE_LIMIT_USER,
      guildRate: e.RATE_LIMIT_GUILD,
      queue: { maxWaiting: e.QUEUE_MAX, maxPerUser: e.QUEUE_MAX_PER_USER, concurrency: e.QUEUE_CONCURRENCY },
    },
    urlFetch: { allowPrivate: e.URL_FETCH_ALLOW_PRIVATE, maxBytes: e.URL_FETCH_MAX_BYTES, timeoutMs: e.URL_FETCH_TIMEOUT_MS },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
