// What every command and event handler receives, and the shape of a command module.
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Archive } from '../api.ts';
import type { Config } from '../config.ts';
import type { AnswerStore } from './answer-store.ts';
import type { IndexJobs } from './index-jobs.ts';
import type { QuestionQueue } from './question-queue.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SourceCache } from './source-cache.ts';

export interface BotContext {
  readonly archive: Archive;
  readonly config: Config;
  readonly logger: Logger;
  readonly rateLimiter: RateLimiter;
  readonly startedAt: Date;
  /** Answers shown recently, so their Sources and feedback buttons work. */
  readonly answers: AnswerStore;
  /** The indexed articles, for autocomplete and /sources list. */
  readonly sources: SourceCache;
  /** The one index change (reindex, add, remove) this bot runs at a time. */
  readonly jobs: IndexJobs;
  /** Minimum time between two progress edits of a reply. */
  readonly progressIntervalMs: number;
  /** Minimum time between two edits of an answer shown while the model writes it. */
  readonly streamIntervalMs: number;
  /** Questions (slash commands and mentions) waiting for their turn, round-robin across users. */
  readonly queue: QuestionQueue;
  /** Whether the embedding model is loaded and warm yet (it loads while the bot logs in). */
  readonly warmUp: WarmUp;
}

export interface WarmUp {
  state: 'warming' | 'ready' | 'failed';
  /** How long loading took, once done. */
  ms: number | null;
  error: string | null;
}

/** What a question command's execute may return: a refusal (the articles do not cover it) costs no rate limit. */
export interface QuestionOutcome {
  refused: boolean;
}

/** A module in commands/: the slash command's definition and its handlers. */
export interface CommandModule {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /**
   * Set for commands that ask the archive something (they take seconds): the router charges the rate
   * limit, then defers the reply (privately when `isPrivate` says so) before `execute` runs, and refunds
   * the charge when `execute` fails or returns `{ refused: true }`. Between the two the question waits its turn
   * in the queue (refused privately at once when the queue is full). Other commands answer at once or defer
   * themselves.
   */
  readonly question?: { isPrivate(interaction: ChatInputCommandInteraction): boolean };
  // biome-ignore lint/suspicious/noConfusingVoidType: commands that are not questions return nothing (Promise<void>).
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void | QuestionOutcome>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  /**
   * Handles clicks on buttons whose custom id is `<command name>:<arg>:<arg>...`;
   * receives the args after the command name.
   */
  button?(interaction: ButtonInteraction, ctx: BotContext, args: string[]): Promise<void>;
}

/** Builds a button custom id that routes back to `command`'s button handler. */
export function customId(command: string, ...args: string[]): string {
  return [command, ...args].join(':');
}
