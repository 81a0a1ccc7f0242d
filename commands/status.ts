// /status — what is indexed and since when, with which embedder and answerer, and uptime.
import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { type BotContext, formatStatus, NO_MENTIONS } from '../src/bot/toolkit.ts';
import { IndexDamagedError } from '../src/errors.ts';
import type { IndexStats } from '../src/types.ts';

export const data = new SlashCommandBuilder()
  .setName('status')
  .setDescription('What the bot has indexed, and how it answers.')
  .setContexts(InteractionContextType.Guild);

/** The index statistics, or what is wrong with a damaged index (shown in the status instead of an error). */
function indexState(ctx: BotContext): { stats: IndexStats | null; damaged?: string } {
  try {
    return { stats: ctx.archive.stats() };
  } catch (err) {
    if (err instanceof IndexDamagedError) return { stats: null, damaged: err.problem };
    throw err;
  }
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const content = formatStatus({
    ...indexState(ctx),
    config: ctx.config,
    progress: ctx.archive.reindexProgress(),
    uptimeMs: Date.now() - ctx.startedAt.getTime(),
    warmUp: ctx.warmUp,
    queue: ctx.queue.stats(),
  });
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
