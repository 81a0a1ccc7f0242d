// Said once at start-up: a missing or damaged index is logged plainly, with what repairs it, so an operator
// reading the log learns it before the first question fails. The bot still serves: /reindex repairs it.
import type { Logger } from 'pino';
import type { Archive } from '../api.ts';
import { IndexDamagedError } from '../errors.ts';

export function reportIndexHealth(archive: Archive, log: Logger): void {
  try {
    const stats = archive.stats();
    if (!stats) log.warn('there is no index yet: a moderator can build it with /reindex (or run `archivist index`)');
    else log.info({ articles: stats.articles, chunks: stats.chunks, generation: stats.generation }, 'index checked: whole');
  } catch (err) {
    if (!(err instanceof IndexDamagedError)) throw err;
    log.error(
      { problem: err.problem },
      `${err.message} In Discord, a moderator can repair it with /reindex; questions are refused until then.`,
    );
  }
}
