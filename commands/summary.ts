// /summary article:<autocomplete> | topic:<text> [from] [to] — a cited summary of one article
// or of what the archive says about a topic, optionally within a date range.
import {
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { prepareSummary } from '../src/bot/answering.ts';
import { resolveArticle, respondWithArticles } from '../src/bot/article-choices.ts';
import type { BotContext } from '../src/bot/context.ts';
import { rateLimitMessage } from '../src/bot/rate-limit.ts';
import { sayPrivately, sendText } from '../src/bot/reply.ts';
import type { SummaryTarget } from '../src/types.ts';

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

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

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

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const o = interaction.options;
  const target = parseTarget({
    article: o.getString('article'),
    topic: o.getString('topic'),
    from: o.getString('from'),
    to: o.getString('to'),
  });
  if (typeof target === 'string') return sayPrivately(interaction, target);
  if (target.kind === 'article') {
    const found = resolveArticle(ctx, target.article);
    if (!found) return sayPrivately(interaction, 'No indexed article matches that. Pick one of the suggestions shown while typing.');
    target.article = found.id;
  }
  const decision = ctx.rateLimiter.take(interaction.user.id, interaction.guildId);
  if (!decision.ok) return sayPrivately(interaction, rateLimitMessage(decision));
  await interaction.deferReply({ flags: o.getBoolean('private') ? MessageFlags.Ephemeral : undefined });
  const prepared = await prepareSummary(ctx, target);
  await sendText(interaction, prepared.text, { components: prepared.components });
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await respondWithArticles(interaction, ctx);
}
