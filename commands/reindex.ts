// /reindex [full:<bool>] (moderators) — rebuilds the index from the articles folder while
// questions keep being answered from the current one; shows progress, then the report.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { type BotContext, formatReport, isModerator, NOT_A_MODERATOR, runIndexJob, sayPrivately } from '../src/bot/toolkit.ts';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Moderators: update the index from the articles folder.')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addBooleanOption((o) => o.setName('full').setDescription('Re-embed every article, not only new and changed ones (slower)'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!isModerator(interaction, ctx.config)) return sayPrivately(interaction, NOT_A_MODERATOR);
  const full = interaction.options.getBoolean('full') ?? false;
  const title = full ? 'Full reindex' : 'Reindex';
  await runIndexJob(interaction, ctx, title, async (onProgress, signal) => {
    try {
      return formatReport(title, await ctx.archive.reindex({ full, signal }, onProgress));
    } catch (err) {
      if (signal.aborted) return `⏹️ ${title} stopped: the bot is shutting down. The index was left as it was.`;
      throw err;
    }
  });
}
