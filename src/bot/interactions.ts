// Routes interactions to the command modules: slash commands, autocomplete and buttons.
// Thin on purpose: errors are logged with details and reach the user as a short private note.
import { type ButtonInteraction, type Interaction, MessageFlags } from 'discord.js';
import { findCommand } from './commands.ts';
import type { BotContext } from './context.ts';
import { NOT_SERVED, serves } from './guild-policy.ts';
import { errorForLog, explain } from '../errors.ts';
import type { Lifecycle } from './lifecycle.ts';
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
    if (!command.question) return command.execute(interaction, ctx);
    const decision = ctx.rateLimiter.take(interaction.user.id, interaction.guildId);
    if (!decision.ok) return sayPrivately(interaction, rateLimitMessage(decision));
    // Discord drops an interaction not acknowledged within 3 seconds; answering can take longer.
    await interaction.deferReply({ flags: command.question.isPrivate(interaction) ? MessageFlags.Ephemeral : undefined });
    try {
      await command.execute(interaction, ctx);
    } catch (err) {
      ctx.rateLimiter.refund(interaction.user.id, interaction.guildId);
      throw err;
    }
  } else if (interaction.isButton()) {
    await routeButton(interaction, ctx);
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
