// Turns a question (from /ask, a mention or a thread follow-up) into the text and buttons the
// bot sends. All retrieval and answering is the archive's; this only formats and remembers.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type RepliableInteraction } from 'discord.js';
import type { Asker, AskResult, SummaryResult, SummaryTarget } from '../types.ts';
import { customId, type BotContext } from './context.ts';
import { formatAnswer, formatSummary } from './format/answer.ts';
import type { ButtonRow } from './reply.ts';
import { streamIntoReply } from './stream-reply.ts';

/** The command whose module handles the answer buttons (commands/ask.ts). */
export const ANSWER_BUTTONS = 'ask';

export interface PreparedReply {
  text: string;
  components: ButtonRow[];
}

/** Sources (when there is anything to quote), 👍 and 👎, all pointing at the stored answer. */
export function answerButtons(answerId: string, hasCitations: boolean): ButtonRow {
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (hasCitations) {
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(customId(ANSWER_BUTTONS, 'sources', answerId))
        .setLabel('Sources')
        .setStyle(ButtonStyle.Secondary),
    );
  }
  row.addComponents(
    new ButtonBuilder()
      .setCustomId(customId(ANSWER_BUTTONS, 'up', answerId))
      .setEmoji('👍')
      .setStyle(ButtonStyle.Secondary),
    new ButtonBuilder()
      .setCustomId(customId(ANSWER_BUTTONS, 'down', answerId))
      .setEmoji('👎')
      .setStyle(ButtonStyle.Secondary),
  );
  return row;
}

/** Who asks, for the chat model's daily budgets; and where to show the answer while it is written. */
export interface AnswerRequest {
  asker?: Asker;
  onPartial?: (text: string) => void;
  /** The server asked in: its own articles are searched besides the shared corpus. */
  server?: string | null;
}

export const askerOf = (from: { user: { id: string }; guildId: string | null }): Asker => ({ userId: from.user.id, guildId: from.guildId });

export async function prepareAnswer(
  ctx: BotContext,
  question: string,
  history: string[] = [],
  request: AnswerRequest = {},
): Promise<PreparedReply & { result: AskResult }> {
  const { server, ...rest } = request;
  const result = await ctx.archive.ask(question, {
    ...(history.length > 0 ? { history } : {}),
    ...(server ? { server } : {}),
    ...rest,
  });
  const id = ctx.answers.put({ question, answer: result.answer, citations: result.citations });
  return { text: formatAnswer(result), components: [answerButtons(id, result.citations.length > 0)], result };
}

function describeTarget(target: SummaryTarget): string {
  if (target.kind === 'article') return `Summary of article ${target.article}`;
  const range = target.from || target.to ? ` (${target.from ?? '…'} to ${target.to ?? '…'})` : '';
  return `Summary of topic: ${target.topic}${range}`;
}

export async function prepareSummary(
  ctx: BotContext,
  target: SummaryTarget,
  request: AnswerRequest = {},
): Promise<PreparedReply & { result: SummaryResult }> {
  const result = await ctx.archive.summarize(target, request);
  // Feedback on a summary is recorded like an answer's, with the request as the "question".
  const id = ctx.answers.put({ question: describeTarget(target), answer: result.summary, citations: result.citations });
  return { text: formatSummary(result), components: [answerButtons(id, result.citations.length > 0)], result };
}

/** prepareAnswer for a slash command: its deferred reply shows the answer as the model writes it. */
export function answerInteraction(ctx: BotContext, interaction: RepliableInteraction, question: string) {
  return streamIntoReply(interaction, ctx.streamIntervalMs, ctx.logger, (onPartial) =>
    prepareAnswer(ctx, question, [], { asker: askerOf(interaction), onPartial, server: interaction.guildId }),
  );
}

/** prepareSummary for a slash command, shown as it is written like an answer. */
export function summaryInteraction(ctx: BotContext, interaction: RepliableInteraction, target: SummaryTarget) {
  return streamIntoReply(interaction, ctx.streamIntervalMs, ctx.logger, (onPartial) =>
    prepareSummary(ctx, target, { asker: askerOf(interaction), onPartial }),
  );
}
