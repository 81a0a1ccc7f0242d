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
}

/** A module in commands/: the slash command's definition and its handlers. */
export interface CommandModule {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /**
   * Set for commands that ask the archive something (they take seconds): the router charges the rate
   * limit, then defers the reply (privately when `isPrivate` says so) before `execute` runs, and refunds
   * the charge when `execute` fails. Other commands answer at once or defer themselves.
   */
  readonly question?: { isPrivate(interaction: ChatInputCommandInteraction): boolean };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
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
