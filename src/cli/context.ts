// What every CLI command needs: the validated config, a logger and the archive, opened once.
import type { Archive } from '../api.ts';
import { openArchive } from '../archive.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';

export interface CliContext {
  config: Config;
  logger: Logger;
  archive: Archive;
}

export async function withArchive<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const archive = await openArchive(config, { logger });
  try {
    return await fn({ config, logger, archive });
  } finally {
    await archive.close();
  }
}
