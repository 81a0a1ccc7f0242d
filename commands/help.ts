// /help — what the bot can do, in a few lines.
import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { type BotContext, NO_MENTIONS } from '../src/bot/toolkit.ts';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('What this bot can do.')
  .setContexts(InteractionContextType.Guild);

export const HELP_TEXT = [
  '**Archivist** answers questions from an archive of news articles, citing its sources as [1], [2]…',
  '`/ask question` — ask anything; add `private:true` to see the answer alone. Under the answer, **Sources** shows the quoted passages, 👍/👎 rate it.',
  'Mention me with a question to get the answer in a thread; keep asking in that thread for follow-ups.',
  '`/summary article` or `/summary topic [from] [to]` — a cited summary of one article or of a topic.',
  '`/sources list` — the articles shared with every server 🌐 and those added in this one 🏠. Moderators: `/sources add` (for this server only), `/sources remove` (this server’s), `/reindex`.',
  '`/status` — what is indexed and how answers are made.',
  'If the archive does not say, I say so instead of guessing.',
].join('\n');

export async function execute(interaction: ChatInputCommandInteraction, _ctx: BotContext): Promise<void> {
  await interaction.reply({ content: HELP_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
