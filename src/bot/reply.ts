// Sending text back through an interaction: long text split over several messages, private
// notes, and failures shown privately. Every send carries NO_MENTIONS.
import { MessageFlags, type ActionRowBuilder, type ButtonBuilder, type RepliableInteraction } from 'discord.js';
import { NO_MENTIONS } from './limits.ts';
import { splitMessage } from './split.ts';

export type ButtonRow = ActionRowBuilder<ButtonBuilder>;

export interface SendOptions {
  /** Only used when the interaction was not deferred; a deferral already fixed it. */
  ephemeral?: boolean;
  /** Attached to the last message, under the end of the text. */
  components?: ButtonRow[];
}

/**
 * Sends `text` as the interaction's response (editing in a deferred one), continuing in
 * follow-ups when it is longer than one message.
 */
export async function sendText(interaction: RepliableInteraction, text: string, options: SendOptions = {}): Promise<void> {
  const parts = splitMessage(text);
  if (parts.length === 0) parts.push('(empty)');
  const ephemeral = interaction.deferred || interaction.replied ? Boolean(interaction.ephemeral) : Boolean(options.ephemeral);
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  for (const [i, content] of parts.entries()) {
    const components = i === parts.length - 1 ? (options.components ?? []) : [];
    // A deferred response's first part replaces whatever it shows: "thinking…" or a progress line.
    if (i === 0 && interaction.deferred) {
      await interaction.editReply({ content, components, allowedMentions: NO_MENTIONS });
    } else if (i === 0 && !interaction.replied) {
      await interaction.reply({ content, components, flags, allowedMentions: NO_MENTIONS });
    } else {
      await interaction.followUp({ content, components, flags, allowedMentions: NO_MENTIONS });
    }
  }
}

/** A note only the user who acted sees, whatever state the interaction is in. */
export async function sayPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const parts = splitMessage(content);
  for (const part of parts) {
    if (interaction.deferred && interaction.ephemeral && !interaction.replied) {
      await interaction.editReply({ content: part, components: [], allowedMentions: NO_MENTIONS });
    } else if (interaction.deferred || interaction.replied) {
      await interaction.followUp({ content: part, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    } else {
      await interaction.reply({ content: part, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
  }
}

/**
 * Shows a failure privately. A public "is thinking..." placeholder is removed first, so the
 * channel is not left with a dangling deferral.
 */
export async function failPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  // Only a bare placeholder is removed: a reply that already shows (part of) an answer stays.
  if (interaction.deferred && !interaction.ephemeral && !interaction.replied) {
    await interaction.deleteReply().catch(() => undefined);
  }
  await sayPrivately(interaction, content);
}
