// Runs the Discord bot over an open Archive until stop() (or SIGINT/SIGTERM): logs in, routes
// interactions and messages, and shuts down gracefully.
import { Events } from 'discord.js';
import type { Logger } from 'pino';
import type { Archive } from '../api.ts';
import type { Config } from '../config.ts';
import { AnswerStore } from './answer-store.ts';
import { createClient } from './client.ts';
import type { BotContext, WarmUp } from './context.ts';
import { createMessageHandler } from './conversation.ts';
import { ArchivistError, errorForLog, explain, LoginError } from '../errors.ts';
import { enforceAllowedGuilds } from './guild-policy.ts';
import { reportIndexHealth } from './index-health.ts';
import { IndexJobs } from './index-jobs.ts';
import { createInteractionHandler } from './interactions.ts';
import { Lifecycle } from './lifecycle.ts';
import { loginAndWait } from './login.ts';
import { QuestionQueue } from './question-queue.ts';
import { RateLimiter } from './rate-limit.ts';
import { SourceCache } from './source-cache.ts';

export { LoginError } from '../errors.ts';

export interface RunBotOptions {
  /**
   * Stop on SIGINT/SIGTERM, then exit the process. Default false: `archivist start` installs its
   * own handlers that call stop(); set it when embedding the bot in another program.
   */
  handleSignals?: boolean;
  /** Minimum time between progress edits of a reindex reply (default 3 s). */
  progressIntervalMs?: number;
  /** Minimum time between edits of an answer the model is writing (default 1.5 s: Discord rate-limits edits). */
  streamIntervalMs?: number;
  /** How long shutdown waits for questions in flight (default 30 s). */
  drainTimeoutMs?: number;
  /** How long login may take before it is given up (default 60 s). */
  readyTimeoutMs?: number;
}

export interface RunningBot {
  stop(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function runBot(config: Config, archive: Archive, logger: Logger, options: RunBotOptions = {}): Promise<RunningBot> {
  const token = config.discord.token;
  if (!token) throw new LoginError('DISCORD_TOKEN is not set: the bot cannot log in without it.');
  const log = logger.child({ component: 'discord' });
  const warmUp: WarmUp = { state: 'warming', ms: null, error: null };
  const ctx: BotContext = {
    archive,
    config,
    logger: log,
    rateLimiter: new RateLimiter(config.discord.userRate, config.discord.guildRate),
    startedAt: new Date(),
    answers: new AnswerStore(),
    sources: new SourceCache(archive),
    jobs: new IndexJobs(),
    progressIntervalMs: options.progressIntervalMs ?? 3000,
    streamIntervalMs: options.streamIntervalMs ?? 1500,
    queue: new QuestionQueue(config.discord.queue),
    warmUp,
  };
  // The model loads and warms (in its worker thread) while the client logs in; the bot reports ready
  // once both are done. A question arriving meanwhile is acknowledged and waits for the model.
  const prefill = sentencePrefill(archive, log);
  ctx.jobs.onFinished(() => prefill.start());
  const warmStart = performance.now();
  const warming = (archive.warmUp?.() ?? Promise.resolve()).then(
    () => {
      warmUp.state = 'ready';
      warmUp.ms = performance.now() - warmStart;
      log.info({ ms: Math.round(warmUp.ms) }, 'model loaded and warmed');
      prefill.start();
    },
    (err: unknown) => {
      // Not fatal: /status, /sources and /help still work, and each question reports the problem.
      warmUp.state = 'failed';
      warmUp.error = explain(err, 'discord').message;
      log.error({ error: errorForLog(err) }, 'loading the model failed');
    },
  );
  const lifecycle = new Lifecycle();
  const client = createClient(config);
  client.on(Events.InteractionCreate, createInteractionHandler(ctx, lifecycle));
  client.on(Events.MessageCreate, createMessageHandler(ctx, lifecycle));
  client.on(Events.Error, (err) => log.error({ error: errorForLog(err) }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event) => log.warn({ code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, () => log.info('gateway reconnecting'));
  client.on(Events.ShardResume, (_id, replayed) => log.info({ replayed }, 'gateway session resumed'));
  enforceAllowedGuilds(client, config, log);

  await loginAndWait(client, token, config.discord.apiUrl, options.readyTimeoutMs ?? 60_000);
  await warming;
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot ready');
  reportIndexHealth(archive, log);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      log.info('stopping: no new questions, finishing the ones in flight');
      // A reindex is not a question: abort it (the live index stays as it was) instead of waiting.
      ctx.jobs.abort();
      await prefill.stop();
      const left = await lifecycle.drain(options.drainTimeoutMs ?? 30_000);
      if (left > 0) log.warn({ left }, 'stopped waiting for requests still in flight');
      await client.destroy();
      await archive.close();
      log.info('discord bot stopped');
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutdown requested');
    stop()
      .catch((err: unknown) => {
        log.error({ error: errorForLog(err) }, 'shutdown failed');
        process.exitCode = 1;
      })
      .finally(() => {
        // Exit even if some library left a handle open; unref'd so a clean exit is not delayed.
        setTimeout(() => process.exit(), 3000).unref();
      });
  };
  if (options.handleSignals ?? false) for (const signal of SIGNALS) process.once(signal, onSignal);
  return { stop };
}

/**
 * Embeds the indexed articles' sentences in the background once the model is warm, and again after each index
 * change, so that answers embed only their question. One run at a time; a request meanwhile runs once more after.
 */
function sentencePrefill(archive: Archive, log: Logger): { start(): void; stop(): Promise<void> } {
  const controller = new AbortController();
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async (): Promise<void> => {
    do {
      again = false;
      const t0 = performance.now();
      const done = await archive.prefillSentenceVectors?.(controller.signal);
      if (done) log.info({ ...done, ms: Math.round(performance.now() - t0) }, 'sentence vectors prefilled');
    } while (again && !controller.signal.aborted);
  };
  return {
    start() {
      if (!archive.prefillSentenceVectors || controller.signal.aborted) return;
      if (running) {
        again = true;
        return;
      }
      running = loop()
        .catch((err: unknown) => {
          if (controller.signal.aborted) return;
          // No index, a damaged one, another model's: reported where it matters (status, questions, start-up).
          if (err instanceof ArchivistError) log.debug({ code: err.code }, 'prefilling sentence vectors skipped');
          else log.warn({ error: errorForLog(err) }, 'prefilling sentence vectors stopped');
        })
        .finally(() => {
          running = null;
        });
    },
    async stop() {
      controller.abort(new Error('The bot is stopping'));
      await running;
    },
  };
}
