// What the reindex job (main thread) and its worker say to each other, and how errors cross between them:
// a thread boundary keeps an Error's message but loses its class, and the CLI and the bot act on the class
// (a ReindexBusyError is told differently from a bug).
import {
  ConfigError,
  EmbedderError,
  FetchError,
  IndexDamagedError,
  IndexMismatchError,
  InputError,
  NoIndexError,
  NotFoundError,
  ReindexBusyError,
  SourceError,
  StorageError,
  type StorageProblem,
} from '../errors.ts';
import type { EmbedderInfo, ReindexProgress, ReindexReport } from '../types.ts';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** ReindexBusyError's. */
  progress?: ReindexProgress | null;
  /** StorageError's (without its cause, which need not survive cloning). */
  details?: { problem?: StorageProblem; path?: string; subject?: string };
  /** IndexDamagedError's. */
  problem?: string;
}

/** Worker → main thread. */
export type FromJob =
  | { type: 'progress'; seq: number; progress: ReindexProgress; wait: boolean }
  | { type: 'info'; id: number }
  | { type: 'embed'; id: number; texts: string[] }
  | { type: 'done'; report: ReindexReport }
  | { type: 'failed'; error: SerializedError; aborted: boolean };

/** Main thread → worker. */
export type ToJob =
  | { type: 'info'; id: number; info: EmbedderInfo }
  | { type: 'vectors'; id: number; dimension: number; flat: Float32Array }
  | { type: 'embedFailed'; id: number; error: SerializedError }
  | { type: 'abort'; reason: string };

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  return {
    name: err.name,
    message: err.message,
    ...(err.stack ? { stack: err.stack } : {}),
    ...(err instanceof ReindexBusyError ? { progress: err.progress } : {}),
    ...(err instanceof StorageError
      ? { details: { problem: err.details.problem, path: err.details.path, subject: err.details.subject } }
      : {}),
    ...(err instanceof IndexDamagedError ? { problem: err.problem } : {}),
  };
}

const REVIVE: Record<string, (e: SerializedError) => Error> = {
  ConfigError: (e) => new ConfigError(e.message),
  InputError: (e) => new InputError(e.message),
  NotFoundError: (e) => new NotFoundError(e.message),
  NoIndexError: () => new NoIndexError(),
  IndexMismatchError: (e) => new IndexMismatchError(e.message),
  ReindexBusyError: (e) => new ReindexBusyError(e.message, e.progress ?? null),
  EmbedderError: (e) => new EmbedderError(e.message),
  SourceError: (e) => new SourceError(e.message),
  StorageError: (e) => new StorageError(e.message, e.details ?? {}),
  IndexDamagedError: (e) => new IndexDamagedError(e.message, e.problem ?? e.message),
  FetchError: (e) => new FetchError(e.message),
};

/** The error again, of its own class when it is one of the core's; its stack is the worker's. */
export function reviveError(e: SerializedError): Error {
  const make = REVIVE[e.name];
  const err = make ? make(e) : Object.assign(new Error(e.message), { name: e.name });
  if (e.stack) err.stack = e.stack;
  return err;
}
