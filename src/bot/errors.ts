// Errors the bot raises itself, what a user is told about any error, and how errors are
// logged: full details, minus the bot token.
import { InputError, NoIndexError, NotFoundError, ReindexBusyError } from '../api.ts';
import { ArticleFormatError } from './article-file.ts';
import { describeProgress } from './format/reindex.ts';
import { JobBusyError } from './index-jobs.ts';
import { UrlFetchError } from './url-fetch.ts';
import { truncate } from './limits.ts';

/** Discord refused to let the bot log in (bad token, disallowed intents...). The CLI exits 2. */
export class BotLoginError extends Error {
  override name = 'BotLoginError';
  /** Read by the CLI: a login Discord refuses is a configuration problem. */
  readonly exitCode = 2;
}

/** An error whose message is written for the user (bad input, refused url...). */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** The short text a user sees for `err`; internals stay in the log. */
export function userMessage(err: unknown): string {
  if (err instanceof NoIndexError) return 'There is no index yet: a moderator can build it with `/reindex`.';
  if (err instanceof ReindexBusyError)
    return `A reindex is already running (${describeProgress(err.progress)}). Please try again when it has finished.`;
  if (err instanceof JobBusyError) return `${err.running.label} is already running. Please try again when it has finished.`;
  const written = [UrlFetchError, ArticleFormatError, UserFacingError, InputError, NotFoundError];
  if (written.some((type) => err instanceof type)) return truncate((err as Error).message, 500);
  return 'Something went wrong while handling that. The details were logged for the bot’s operators.';
}

/** A plain object for pino with the token scrubbed from every string in it. */
export function errorForLog(err: unknown, token: string | undefined): Record<string, unknown> {
  const scrub = (text: unknown): unknown => (typeof text === 'string' && token ? text.split(token).join('[token]') : text);
  if (err instanceof Error) {
    const extra = err as Error & { code?: unknown; status?: unknown; url?: unknown; method?: unknown };
    return {
      type: err.name,
      message: scrub(err.message),
      stack: scrub(err.stack),
      code: extra.code,
      status: extra.status,
      url: scrub(extra.url),
      method: extra.method,
      cause: err.cause === undefined ? undefined : errorForLog(err.cause, token),
    };
  }
  return { message: scrub(String(err)) };
}
