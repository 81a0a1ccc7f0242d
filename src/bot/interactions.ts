// Routes interactions to the command modules: slash commands, autocomplete and buttons.
// Thin on purpose: errors are logged with details and reach the user as a short private note.
// Every interaction is acknowledged (deferred, or answered when the answer is instant) before any other
// work: Discord drops one not acknowledged within 3 seconds. Model work never runs on this thread.
import { type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, MessageFlags } from 'discord.js';
import { findCommand } from './commands.ts';
import type { BotContext, CommandModule, QuestionOutcome } from './context.ts';
import { NOT_SERVED, serves } from './guild-policy.ts';
import { errorForLog, explain } from '../errors.ts';
import { busyMessage, QUEUE_NOTICE_MS, queuedNotice, WARMING_NOTICE } from './format/queue.ts';
import type { Lifecycle } from './lifecycle.ts';
import { NO_MENTIONS } from './limits.ts';
import { rateLimitMessage } from './rate-limit.ts';
import { failPrivately, sayPrivately } from './reply.ts';

const SHUTTING_DOWN = 'The bot is restarting and not taking new requests. Please try again in a minute.';

async function routeButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [name = '', ...args] = interaction.customId.split(':');
  const command = findCommand(name);
  if (!command?.button) return sayPrivately(interaction, 'This button no longer does anything.');
  await command.button(interaction, ctx, args);
}

async function route(interaction: Interaction, ctx: BotContext, lifecycle: Lifecycle): Promise<void> {
  // A server outside ALLOWED_GUILD_IDS is left as soon as the bot sees it; until then nothing is served there.
  if (!serves(ctx.config, interaction.guildId)) {
    if (interaction.isAutocomplete()) return interaction.respond([]);
    if (interaction.isRepliable()) return sayPrivately(interaction, NOT_SERVED);
    return;
  }
  if (interaction.isAutocomplete()) {
    const command = findCommand(interaction.commandName);
    if (command?.autocomplete) await command.autocomplete(interaction, ctx);
    else await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  if (!lifecycle.accepting) return sayPrivately(interaction, SHUTTING_DOWN);
  if (interaction.isChatInputCommand()) {
    const command = findCommand(interaction.commandName);
    if (!command) return sayPrivately(interaction, 'This command is not known to the bot any more. Its commands may need redeploying.');
    if (!command.question) {
      await command.execute(interaction, ctx);
      return;
    }
    await routeQuestion(interaction, command, command.question, ctx);
  } else if (interaction.isButton()) {
    await routeButton(interaction, ctx);
  }
}

/**
 * A question: charged to the rate limit, admitted to the queue (or refused privately at once, free of
 * charge), deferred, told its place when the wait is long, then answered in its turn. A failure on the
 * bot's side and a refusal (the articles do not cover it) are refunded.
 */
async function routeQuestion(
  interaction: ChatInputCommandInteraction,
  command: CommandModule,
  question: NonNullable<CommandModule['question']>,
  ctx: BotContext,
): Promise<void> {
  const user = interaction.user.id;
  const guild = interaction.guildId;
  const decision = ctx.rateLimiter.take(user, guild);
  if (!decision.ok) return sayPrivately(interaction, rateLimitMessage(decision));
  // The work may get its turn before the deferral is back: it waits for it (and for the queue notice).
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const acknowledged = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const admission = ctx.queue.admit(user, async (): Promise<QuestionOutcome | undefined> => {
    await acknowledged;
    return (await command.execute(interaction, ctx)) ?? undefined;
  });
  if (!admission.ok) {
    ctx.rateLimiter.refund(user, guild);
    return sayPrivately(interaction, busyMessage(admission.reason, admission.retryAfterMs, ctx.config.discord.queue.maxPerUser));
  }
  admission.done.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  try {
    await interaction.deferReply({ flags: question.isPrivate(interaction) ? MessageFlags.Ephemeral : undefined });
    const notice =
      ctx.warmUp.state === 'warming'
        ? WARMING_NOTICE
        : admission.estimateMs >= QUEUE_NOTICE_MS
          ? queuedNotice(admission.ahead, admission.estimateMs)
          : null;
    if (notice) {
      await interaction
        .editReply({ content: notice, allowedMentions: NO_MENTIONS })
        .catch((err: unknown) => ctx.logger.warn({ error: errorForLog(err) }, 'could not show the queue notice'));
    }
    resolve();
  } catch (err) {
    reject(err);
  }
  try {
    const outcome = await admission.done;
    if (outcome?.refused) ctx.rateLimiter.refund(user, guild);
  } catch (err) {
    ctx.rateLimiter.refund(user, guild);
    throw err;
  }
}

function describe(interaction: Interaction): Record<string, unknown> {
  const what =
    interaction.isCommand() || interaction.isAutocomplete()
      ? interaction.commandName
      : interaction.isButton()
        ? interaction.customId
        : interaction.type;
  return { interaction: interaction.id, what, user: interaction.user.id, guild: interaction.guildId };
}

export function createInteractionHandler(ctx: BotContext, lifecycle: Lifecycle): (interaction: Interaction) => void {
  return (interaction) => {
    const work = route(interaction, ctx, lifecycle).catch(async (err: unknown) => {
      ctx.logger.error({ ...describe(interaction), error: errorForLog(err) }, 'interaction failed');
      if (!interaction.isRepliable()) return;
      await failPrivately(interaction, explain(err, 'discord').message).catch((replyErr: unknown) =>
        ctx.logger.warn({ ...describe(interaction), error: errorForLog(replyErr) }, 'could not tell the user about the failure'),
      );
    });
    lifecycle.track(work);
  };
}
