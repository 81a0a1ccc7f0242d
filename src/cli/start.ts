// `npm start`: the one command to try the product. Builds the index on first run, then serves
// Discord when DISCORD_TOKEN is set, or opens the local chat.
import type { Archive } from '../api.ts';
import { openArchive } from '../archive.ts';
import { loadConfig } from '../config.ts';
import { explain, IndexDamagedError } from '../errors.ts';
import { printableLines } from '../format/printable.ts';
import { createLogger } from '../logger.ts';
import { runChat } from './chat.ts';
import { formatReport } from './format.ts';
import { progressReporter } from './progress.ts';

/**
 * Whether an index is there to serve. A missing one is built; a damaged one is reported plainly, with the command
 * that repairs it, and the chat or the bot still starts (questions then say the same, and `/reindex` repairs it).
 */
function indexReady(archive: Archive): boolean {
  try {
    return archive.stats() !== null;
  } catch (err) {
    if (!(err instanceof IndexDamagedError)) throw err;
    process.stderr.write(`archivist: ${printableLines(explain(err, 'cli').message)}\n`);
    return true;
  }
}

export async function runStart(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const archive = await openArchive(config, { logger });
  if (!indexReady(archive)) {
    process.stderr.write(`No index yet: building it from ${config.articlesDir} (first run only)…\n`);
    const progress = progressReporter();
    try {
      const report = await archive.reindex({}, progress.update);
      progress.stop();
      process.stderr.write(`${formatReport(report)}\n\n`);
    } catch (err) {
      progress.stop();
      await archive.close();
      throw err;
    }
  }

  if (!config.discord.token) {
    process.stdout.write(
      'Local chat over the bundled articles. To serve Discord instead, set DISCORD_TOKEN in .env (see README, "Discord bot").\n',
    );
    try {
      await runChat(archive);
    } finally {
      await archive.close();
    }
    return;
  }

  const { runBot } = await import('../bot/run.ts');
  const bot = await runBot(config, archive, logger);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down: finishing questions in flight');
      bot.stop().then(resolve, (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        resolve();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}
