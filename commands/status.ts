// /status — what is indexed and since when, with which embedder and answerer, and uptime.
import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { type BotContext, formatStatus, NO_MENTIONS } from '../src/bot/toolkit.ts';

export const data = new SlashCommandBuilder()
  .setName('status')
  .setDescription('What the bot has indexed, and how it answers.')
  .setContexts(InteractionContextType.Guild);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const content = formatStatus({
    stats: ctx.archive.stats(),
    config: ctx.config,
    progress: ctx.archive.reindexProgress(),
    uptimeMs: Date.now() - ctx.startedAt.getTime(),
    warmUp: ctx.warmUp,
    queue: ctx.queue.stats(),
  });
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
