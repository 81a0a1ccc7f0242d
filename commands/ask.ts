// /ask question:<text> [private:<bool>] — answers from the archive with [n] citations.
// Also handles the buttons under every answer: Sources (quoted passages, privately) and 👍/👎.
import { InteractionContextType, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { answerInteraction, type BotContext, formatQuotes, type QuestionOutcome, sayPrivately, sendText } from '../src/bot/toolkit.ts';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about the archived news articles; the answer cites its sources.')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(500))
  .addBooleanOption((o) => o.setName('private').setDescription('Show the answer only to you (default: no)'));

/** A question: rate-limited and deferred by the router, privately when asked to. */
export const question = { isPrivate: (interaction: ChatInputCommandInteraction) => interaction.options.getBoolean('private') ?? false };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<QuestionOutcome> {
  const text = interaction.options.getString('question', true).trim();
  const prepared = await answerInteraction(ctx, interaction, text);
  await sendText(interaction, prepared.text, { components: prepared.components });
  return { refused: prepared.result.refused };
}

const EXPIRED = 'This answer is no longer in the bot’s memory (it was restarted or the answer is old). Ask again to get its sources.';

export async function button(interaction: ButtonInteraction, ctx: BotContext, args: string[]): Promise<void> {
  const [action, answerId] = args;
  const stored = answerId ? ctx.answers.get(answerId) : undefined;
  if (!stored) return sayPrivately(interaction, EXPIRED);
  if (action === 'sources') return sayPrivately(interaction, formatQuotes(stored.citations));
  if (action !== 'up' && action !== 'down') return sayPrivately(interaction, 'Unknown button.');
  const rating = action === 'up' ? 1 : -1;
  // The id is kept in memory only, with the answer; the feedback store keeps an HMAC of it.
  const voter = interaction.user.id;
  if (stored.votes.get(voter) === rating) return sayPrivately(interaction, 'Your feedback on this answer was already recorded.');
  ctx.archive.recordFeedback({
    question: stored.question,
    answer: stored.answer,
    citations: stored.citations.map(({ n, articleId, chunkId }) => ({ n, articleId, chunkId })),
    rating,
    userId: voter,
  });
  stored.votes.set(voter, rating);
  await sayPrivately(
    interaction,
    rating === 1 ? 'Thanks! Your 👍 was recorded.' : 'Thanks! Your 👎 was recorded; it helps improve the answers.',
  );
}
