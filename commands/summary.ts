// /summary article:<autocomplete> | topic:<text> [from] [to] — a cited summary of one article
// or of what the archive says about a topic, optionally within a date range.
import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import {
  type BotContext,
  type QuestionOutcome,
  resolveArticle,
  respondWithArticles,
  sendText,
  summaryInteraction,
} from '../src/bot/toolkit.ts';
import { InputError } from '../src/errors.ts';
import type { SummaryTarget } from '../src/types.ts';
import { isIsoDate } from '../src/validate.ts';

export const data = new SlashCommandBuilder()
  .setName('summary')
  .setDescription('Summarize one article, or what the archive says about a topic.')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('article').setDescription('The article to summarize').setAutocomplete(true))
  .addStringOption((o) => o.setName('topic').setDescription('A topic to summarize across articles').setMaxLength(200))
  .addStringOption((o) =>
    o.setName('from').setDescription('Topic only: earliest article date, YYYY-MM-DD').setMinLength(10).setMaxLength(10),
  )
  .addStringOption((o) => o.setName('to').setDescription('Topic only: latest article date, YYYY-MM-DD').setMinLength(10).setMaxLength(10))
  .addBooleanOption((o) => o.setName('private').setDescription('Show the summary only to you (default: no)'));

/** The summary target, or the reason the options do not make one. */
export function parseTarget(options: {
  article: string | null;
  topic: string | null;
  from: string | null;
  to: string | null;
}): SummaryTarget | string {
  const { article, topic, from, to } = options;
  if (Boolean(article?.trim()) === Boolean(topic?.trim())) return 'Give either an `article` or a `topic` (one of the two).';
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== null && !isIsoDate(value)) return `\`${name}\` must be a date written YYYY-MM-DD, e.g. 2024-02-29.`;
  }
  if (article?.trim()) {
    if (from || to) return '`from` and `to` only apply to a topic summary.';
    return { kind: 'article', article: article.trim() };
  }
  if (from && to && from > to) return '`from` must not be later than `to`.';
  return { kind: 'topic', topic: (topic ?? '').trim(), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** A question: rate-limited and deferred by the router, privately when asked to. */
export const question = { isPrivate: (interaction: ChatInputCommandInteraction) => interaction.options.getBoolean('private') ?? false };

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<QuestionOutcome> {
  const o = interaction.options;
  const target = parseTarget({
    article: o.getString('article'),
    topic: o.getString('topic'),
    from: o.getString('from'),
    to: o.getString('to'),
  });
  // Thrown, not replied: the router then removes the public placeholder and refunds the question.
  if (typeof target === 'string') throw new InputError(target);
  if (target.kind === 'article') {
    const found = resolveArticle(ctx, target.article, interaction.guildId);
    if (!found) throw new InputError('No indexed article matches that. Pick one of the suggestions shown while typing.');
    target.article = found.id;
  }
  // The server's own articles are summarised, and searched for a topic, only in that server.
  if (interaction.guildId) target.server = interaction.guildId;
  const prepared = await summaryInteraction(ctx, interaction, target);
  await sendText(interaction, prepared.text, { components: prepared.components });
  return { refused: prepared.result.refused };
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await respondWithArticles(interaction, ctx);
}
