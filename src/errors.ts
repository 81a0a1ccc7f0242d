// The one error model. Every error a user can act on is an ArchivistError: a stable code, a message
// written for the person reading it, and the exit code the CLI uses. `explain` turns any error into
// what the CLI prints and what the bot says; everything else is a bug, shown as one plain line.
import { redact } from './shared/redact.ts';
import type { ReindexProgress } from './types.ts';

export type ErrorCode =
  | 'CONFIG'
  | 'INPUT'
  | 'NOT_FOUND'
  | 'NO_INDEX'
  | 'INDEX_MISMATCH'
  | 'INDEX_DAMAGED'
  | 'REINDEX_BUSY'
  | 'EMBEDDER'
  | 'MODEL'
  | 'SOURCE'
  | 'FETCH'
  | 'STORAGE'
  | 'LOGIN';

/** Where a message is shown: commands differ (`archivist index` in a terminal, `/reindex` in Discord). */
export type Audience = 'cli' | 'discord';

export abstract class ArchivistError extends Error {
  abstract readonly code: ErrorCode;
  /** The CLI's exit code: 2 for configuration problems, 1 for the rest. */
  readonly exitCode: number = 1;

  /** The text shown to a user; by default the message, which is written for one. */
  forUser(_audience: Audience): string {
    return this.message;
  }
}

/** A configuration variable is missing or wrong; the message names it. */
export class ConfigError extends ArchivistError {
  override name = 'ConfigError';
  readonly code = 'CONFIG';
  override readonly exitCode = 2;
}

/** Input the user can fix: an empty question, a bad date, a file name or format the indexer cannot read. */
export class InputError extends ArchivistError {
  override name = 'InputError';
  readonly code = 'INPUT';
}

/** A named article (summary, removal) is not in the index. */
export class NotFoundError extends ArchivistError {
  override name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

/** No index has been built yet. */
export class NoIndexError extends ArchivistError {
  override name = 'NoIndexError';
  readonly code = 'NO_INDEX';
  constructor() {
    super('There is no index yet. Build it with `archivist index` (or `npm start`, which builds it on first run).');
  }
  override forUser(audience: Audience): string {
    return audience === 'discord' ? 'There is no index yet: a moderator can build it with `/reindex`.' : this.message;
  }
}

/** The index was built by another embedding model or dimension: searching it would give silent garbage. */
export class IndexMismatchError extends ArchivistError {
  override name = 'IndexMismatchError';
  readonly code = 'INDEX_MISMATCH';
  override forUser(audience: Audience): string {
    return audience === 'discord'
      ? 'The index was built with a different embedding model than the bot now uses. A moderator can rebuild it with `/reindex full:true`.'
      : this.message;
  }
}

/** A reindex is already running, here or in another process. */
export class ReindexBusyError extends ArchivistError {
  override name = 'ReindexBusyError';
  readonly code = 'REINDEX_BUSY';
  constructor(
    message: string,
    /** How far it is, when it runs in this process. */
    readonly progress: ReindexProgress | null = null,
  ) {
    super(message);
  }
}

/** The embedding model could not be loaded or the embedding server failed. */
export class EmbedderError extends ArchivistError {
  override name = 'EmbedderError';
  readonly code = 'EMBEDDER';
}

/** The chat model failed (the caller falls back to the extractive answer where it can). */
export class ModelError extends ArchivistError {
  override name = 'ModelError';
  readonly code = 'MODEL';
}

/** One source file or article cannot be indexed; the reason goes into the reindex report. */
export class SourceError extends ArchivistError {
  override name = 'SourceError';
  readonly code = 'SOURCE';
}

/** A url could not or may not be fetched (refused address, too large, timed out, HTTP error). */
export class FetchError extends ArchivistError {
  override name = 'FetchError';
  readonly code = 'FETCH';
}

/** What went wrong with a file: decides the advice given, in the terminal and in Discord. */
export type StorageProblem = 'full' | 'denied' | 'io' | 'short-write';

/**
 * Reading or writing the index (or the articles) failed: disk full, permission denied, an I/O error, a file written
 * short. The message is one sentence naming the path and what to do; Discord users get the advice without the
 * server's paths (the log has them).
 */
export class StorageError extends ArchivistError {
  override name = 'StorageError';
  readonly code = 'STORAGE';
  constructor(
    message: string,
    /** `subject`: what could not be written, as Discord users are told ("its index", "your vote"). */
    readonly details: { problem?: StorageProblem; path?: string; cause?: unknown; subject?: string } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  override forUser(audience: Audience): string {
    if (audience === 'cli') return this.message;
    const subject = this.details.subject ?? 'its index';
    switch (this.details.problem) {
      case 'full':
      case 'short-write':
        return `The bot could not save ${subject}: the disk on its server is full. The current index keeps answering; the bot’s operator has to free some space (the log names the folder).`;
      case 'denied':
        return `The bot could not save ${subject}: it may not write to that folder (permission denied). The current index keeps answering; the bot’s operator has to fix the folder’s permissions (the log names it).`;
      default:
        return `The bot could not read or save ${subject}. The current index keeps answering if it can; the bot’s operator has the details in the log.`;
    }
  }
}

/**
 * The live index is damaged: its database, manifest or vectors cannot be read, or their counts disagree. The
 * message names the file and the command that rebuilds it (a reindex never reads a damaged generation).
 */
export class IndexDamagedError extends ArchivistError {
  override name = 'IndexDamagedError';
  readonly code = 'INDEX_DAMAGED';
  constructor(
    message: string,
    /** What is wrong, in a few words ("archive.db is not a SQLite database"), for Discord and `status --json`. */
    readonly problem: string = message,
  ) {
    super(message);
  }

  override forUser(audience: Audience): string {
    return audience === 'discord'
      ? `The index is damaged (${this.problem}). A moderator can rebuild it from the articles with \`/reindex\`.`
      : this.message;
  }
}

/** The message of a damaged generation: the file, what is wrong with it, and the command that repairs it. */
export function damagedIndex(where: string, problem: string): IndexDamagedError {
  return new IndexDamagedError(
    `The index in ${where} is damaged: ${problem}. Rebuild it from the articles with \`archivist index\` (it does not read the damaged files).`,
    problem,
  );
}

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL']);
const DENIED = new Set(['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_AUTH', 'SQLITE_PERM']);
const CORRUPT = /^SQLITE_(CORRUPT|NOTADB)/;
const IO = /^(EIO|SQLITE_IOERR)/;

/**
 * Turns a failed file or SQLite operation into the error the user sees: one sentence with the path and what to do.
 * `doing` says what failed ("Writing the new index"), `after` what to run once it is fixed. Errors that are not
 * about storage (bugs, aborts, the core's own errors) are returned as they are.
 */
export function storageError(err: unknown, target: string, doing: string, after = 'then try again', subject?: string): unknown {
  if (err instanceof ArchivistError || !(err instanceof Error)) return err;
  const code = String((err as NodeJS.ErrnoException).code ?? '');
  const where = (err as NodeJS.ErrnoException).path ?? target;
  if (FULL.has(code)) {
    return new StorageError(`${doing} failed: there is no room left for ${where} (${code}); free some space on that disk, ${after}.`, {
      problem: 'full',
      path: where,
      cause: err,
      subject,
    });
  }
  if (DENIED.has(code)) {
    return new StorageError(
      `${doing} failed: archivist may not write ${where} (${code}); give the user running it write access to that folder (or point INDEX_DIR elsewhere), ${after}.`,
      { problem: 'denied', path: where, cause: err, subject },
    );
  }
  if (CORRUPT.test(code)) return damagedIndex(target, `${err.message} (${code})`);
  if (IO.test(code)) {
    return new StorageError(`${doing} failed: the disk holding ${where} reported an I/O error (${code}); check the disk, ${after}.`, {
      problem: 'io',
      path: where,
      cause: err,
      subject,
    });
  }
  return err;
}

/** Discord refused to let the bot log in (bad token, disallowed intents): a configuration problem. */
export class LoginError extends ArchivistError {
  override name = 'LoginError';
  readonly code = 'LOGIN';
  override readonly exitCode = 2;
}

export interface Explained {
  /** One line (or a few) for the user; secrets removed. */
  message: string;
  exitCode: number;
  /** False for a bug: the details belong in the log, not in front of the user. */
  expected: boolean;
  code: ErrorCode | 'INTERNAL';
}

const INTERNAL: Record<Audience, string> = {
  cli: 'unexpected error',
  discord: 'Something went wrong while handling that. The details were logged for the bot’s operators.',
};

/** What to show for any error. Expected errors show their message; bugs show one line, never a stack. */
export function explain(err: unknown, audience: Audience): Explained {
  if (err instanceof ArchivistError) {
    return { message: redact(err.forUser(audience)), exitCode: err.exitCode, expected: true, code: err.code };
  }
  const detail = err instanceof Error ? err.message : String(err);
  const message = audience === 'cli' ? `${INTERNAL.cli}: ${redact(detail)} (LOG_LEVEL=debug shows where)` : INTERNAL.discord;
  return { message, exitCode: 1, expected: false, code: 'INTERNAL' };
}

/** A plain object for the log: every string passed through the redactor, causes included. */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const extra = err as Error & { code?: unknown; status?: unknown; url?: unknown; method?: unknown };
    return {
      type: err.name,
      message: redact(err.message),
      stack: err.stack === undefined ? undefined : redact(err.stack),
      code: extra.code,
      status: extra.status,
      url: typeof extra.url === 'string' ? redact(extra.url) : undefined,
      method: extra.method,
      cause: err.cause === undefined ? undefined : errorForLog(err.cause),
    };
  }
  return { message: redact(String(err)) };
}
