// Autocomplete for options that name an article (/summary article, /sources remove article).
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import { articleName } from '../format/label.ts';
import { printable } from '../format/printable.ts';
import type { SourceInfo } from '../types.ts';
import type { BotContext } from './context.ts';
import { sortSources } from './format/sources.ts';
import { DISCORD_LIMITS, truncate } from './limits.ts';

function choiceName(s: SourceInfo): string {
  const details = [s.outlet, s.date].filter(Boolean).join(', ');
  // Shown in Discord's picker: control and direction-override characters as escapes, never obeyed.
  const name = printable(articleName(s, s.id));
  if (!details) return truncate(name, DISCORD_LIMITS.choiceName);
  // The label gives way to the outlet and date, which tell two similar leads apart.
  const tail = ` — ${truncate(printable(details), 40)}`;
  return `${truncate(name, DISCORD_LIMITS.choiceName - tail.length)}${tail}`;
}

/** Which articles a choice may name: what the server sees, or (for removal) only the articles added in it. */
export interface ChoiceScope {
  server: string | null;
  ownOnly?: boolean;
}

/** Up to 25 articles matching what the user typed so far (newest first when nothing is typed). */
export function articleChoices(ctx: BotContext, typed: string, scope: ChoiceScope): ApplicationCommandOptionChoiceData<string>[] {
  const query = typed.trim();
  const max = DISCORD_LIMITS.autocompleteChoices;
  const server = scope.server ?? undefined;
  const matches = query ? ctx.archive.findArticles(query, max * 4, { server }) : sortSources(ctx.sources.list(server));
  return matches
    .filter((s) => !scope.ownOnly || (s.collection != null && s.collection === server))
    .filter((s) => s.id.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, max)
    .map((s) => ({ name: choiceName(s), value: s.id }));
}

export async function respondWithArticles(
  interaction: AutocompleteInteraction,
  ctx: BotContext,
  options: { ownOnly?: boolean } = {},
): Promise<void> {
  let choices: ApplicationCommandOptionChoiceData<string>[] = [];
  try {
    choices = articleChoices(ctx, interaction.options.getFocused(), { server: interaction.guildId, ...options });
  } catch (err) {
    // An empty list is better than no answer: Discord shows "loading options failed" otherwise.
    ctx.logger.warn({ error: (err as Error).message }, 'autocomplete lookup failed');
  }
  await interaction.respond(choices);
}

/**
 * The article id the user chose. Autocomplete sends ids, but a user may also type free text and
 * send it without picking a suggestion; then the best match is used, or null when none.
 */
export function resolveArticle(ctx: BotContext, value: string, server: string | null): SourceInfo | null {
  const exact = ctx.sources.list(server).find((s) => s.id === value);
  if (exact) return exact;
  return ctx.archive.findArticles(value, 1, { server: server ?? undefined })[0] ?? null;
}
