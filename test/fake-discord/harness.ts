// Starts the fake Discord, an archive over a temporary copy of the bundled articles, and the
// real bot (runBot) against them; collects the bot's log lines; tears everything down.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Archive } from '../../src/api.ts';
import type { FeedbackRecord } from '../../src/types.ts';
import { openArchive } from '../../src/archive.ts';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/config.ts';
import { runBot, type RunBotOptions, type RunningBot } from '../../src/bot/run.ts';
import { FakeDiscord } from './fake-discord.ts';

/** Looks like a real token (three dot-separated parts) so a leak into the logs would be findable. */
export const TEST_TOKEN = 'MTI3NDU2Nzg5MDEyMzQ1Njc4.GfAkEt.t0ken-for-loopback-tests-only_xyz';

export const BUNDLED_ARTICLES = path.join(PROJECT_ROOT, 'index-data', 'articles');

export interface Harness {
  fake: FakeDiscord;
  config: Config;
  archive: Archive;
  bot: RunningBot;
  /** Raw JSON log lines the bot wrote. */
  logs: string[];
  /** What the bot passed to archive.recordFeedback (recorded, then forwarded to the archive). */
  feedback: FeedbackRecord[];
  tempDir: string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra environment for loadConfig (RATE_LIMIT_USER, MODERATOR_ROLE_IDS, URL_FETCH_*...), or a function of the fake. */
  env?: Record<string, string> | ((fake: FakeDiscord) => Record<string, string>);
  /** Opens the archive; the default is the real archive over the temp copy, indexed before the bot starts. */
  openArchive?: (config: Config) => Promise<Archive>;
  bot?: RunBotOptions;
  /** Called with the temp articles folder before the index is built (to add articles). */
  prepareArticles?: (articlesDir: string) => void;
  /** Called with the fake before the bot connects (to add guilds it is already in). */
  prepareFake?: (fake: FakeDiscord) => void;
}

export function memoryLogger(lines: string[], level = 'debug'): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return pino({ level }, sink);
}

/** The environment the bot runs with against `fake`, with the given temp folders. */
export function botEnv(fake: FakeDiscord, tempDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ARTICLES_DIR: path.join(tempDir, 'articles'),
    INDEX_DIR: path.join(tempDir, 'index'),
    ANSWERER: 'extractive',
    LOG_LEVEL: 'debug',
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_APP_ID: fake.state.appId,
    DISCORD_GUILD_ID: fake.state.guildId,
    RATE_LIMIT_USER: '100/60',
    RATE_LIMIT_GUILD: '1000/60',
    URL_FETCH_ALLOW_PRIVATE: 'true',
    ...extra,
  };
}

export function tempArticles(): string {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'archivist-bot-'));
  cpSync(BUNDLED_ARTICLES, path.join(tempDir, 'articles'), { recursive: true });
  return tempDir;
}

async function realArchive(config: Config): Promise<Archive> {
  const archive = await openArchive(config);
  await archive.reindex();
  return archive;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start([TEST_TOKEN]);
  options.prepareFake?.(fake);
  const tempDir = tempArticles();
  const logs: string[] = [];
  let archive: Archive | null = null;
  try {
    const env = typeof options.env === 'function' ? options.env(fake) : options.env;
    const config = loadConfig(botEnv(fake, tempDir, env), { dotenvPath: false });
    options.prepareArticles?.(config.articlesDir);
    archive = await (options.openArchive ?? realArchive)(config);
    const feedback: FeedbackRecord[] = [];
    const record = archive.recordFeedback.bind(archive);
    archive.recordFeedback = (entry) => {
      feedback.push(entry);
      record(entry);
    };
    const bot = await runBot(config, archive, memoryLogger(logs), { progressIntervalMs: 1000, ...options.bot });
    const opened = archive;
    return {
      fake,
      config,
      archive: opened,
      bot,
      logs,
      feedback,
      tempDir,
      async stop() {
        await bot.stop(); // also closes the archive
        await fake.stop();
        rmSync(tempDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await archive?.close().catch(() => undefined);
    await fake.stop();
    rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
}
