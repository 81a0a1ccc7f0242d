// /sources list [page] — the shared articles and this server's own, marked, paginated with buttons (everyone).
// /sources add file:<attachment> | url:<url> — saves and indexes an article for this server only (moderators).
// /sources remove article:<autocomplete> — deletes one of this server's articles and reindexes (moderators).
// The shared corpus is the operator's (the articles folder, the CLI): no server can add to it or remove from it,
// and no server sees, retrieves or removes another server's articles.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import {
  ARTICLE_EXTENSIONS,
  type BotContext,
  codeText,
  customId,
  escapeText,
  formatReport,
  formatSourcePage,
  fromAttachment,
  fromUrl,
  isModerator,
  NO_MENTIONS,
  NOT_A_MODERATOR,
  OWN_MARK,
  resolveArticle,
  respondWithArticles,
  runIndexJob,
  sayPrivately,
} from '../src/bot/toolkit.ts';
import { InputError, SourceError } from '../src/errors.ts';
import { articleName } from '../src/format/label.ts';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('The articles the bot answers from.')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('list')
      .setDescription('List the indexed articles')
      .addIntegerOption((o) => o.setName('page').setDescription('Page number (default 1)').setMinValue(1)),
  )
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription(`Moderators: add an article for this server, from a file (${ARTICLE_EXTENSIONS.join(', ')}) or a url`)
      .addAttachmentOption((o) => o.setName('file').setDescription('The article file'))
      .addStringOption((o) => o.setName('url').setDescription('A web page or file to fetch').setMaxLength(2000)),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Moderators: remove an article added in this server, and reindex')
      .addStringOption((o) =>
        o.setName('article').setDescription('The article to remove (one added in this server)').setRequired(true).setAutocomplete(true),
      ),
  );

function pageView(
  ctx: BotContext,
  server: string | null,
  requested: number,
): { content: string; components: ActionRowBuilder<ButtonBuilder>[] } {
  const { content, page, pages } = formatSourcePage(ctx.sources.list(server), requested);
  if (pages <= 1) return { content, components: [] };
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customId(data.name, 'page', String(page - 1)))
      .setLabel('◀ Previous')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page === 0),
    new ButtonBuilder()
      .setCustomId(customId(data.name, 'page', String(page + 1)))
      .setLabel('Next ▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page >= pages - 1),
  );
  return { content, components: [row] };
}

async function list(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const page = (interaction.options.getInteger('page') ?? 1) - 1;
  await interaction.reply({ ...pageView(ctx, interaction.guildId, page), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/**
 * Errors about the file itself (bad name, unreadable format) are for the moderator to see, with its name;
 * the rest (busy, storage, damage, bugs) keep their own wording, which keeps server paths out of Discord.
 */
function explainAddFailure(fileName: string, err: unknown): never {
  if (!(err instanceof InputError || err instanceof SourceError)) throw err;
  throw new InputError(`Could not add ${fileName}: ${err.message}`, { cause: err });
}

async function add(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url');
  if (Boolean(file) === Boolean(url)) return sayPrivately(interaction, 'Give either a `file` or a `url` (one of the two).');
  const server = interaction.guildId;
  if (!server) return sayPrivately(interaction, 'Articles can be added only in a server.');
  await runIndexJob(interaction, ctx, 'Adding an article', async (progress) => {
    const incoming = file ? await fromAttachment(file, ctx.config) : await fromUrl(url ?? '', ctx.config);
    const result = await ctx.archive
      .addArticle(incoming.fileName, incoming.content, progress, { server })
      .catch((err: unknown) => explainAddFailure(incoming.fileName, err));
    ctx.sources.invalidate();
    const info = ctx.sources.list(server).find((s) => s.id === result.id);
    const title = escapeText(info ? articleName(info, info.id) : result.id);
    return `Added **${title}** (\`${codeText(result.id)}\`) from ${escapeText(incoming.origin)}, for this server only.\n${formatReport('Reindex', result.report)}`;
  });
}

async function remove(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const value = interaction.options.getString('article', true);
  const server = interaction.guildId;
  const article = resolveArticle(ctx, value, server);
  if (!article || article.id !== value) {
    // Removing is destructive: only an exact id (as autocomplete sends) is accepted, never a guess.
    const hint = article ? ` Did you mean \`${codeText(article.id)}\` (${escapeText(articleName(article, article.id))})?` : '';
    return sayPrivately(interaction, `No indexed article has the id \`${codeText(value)}\`.${hint}`);
  }
  if (article.collection == null || article.collection !== server) {
    return sayPrivately(
      interaction,
      `**${escapeText(articleName(article, article.id))}** is shared with every server: only the bot’s operator can remove it. A server can remove the articles added in it (marked ${OWN_MARK} in \`/sources list\`).`,
    );
  }
  await runIndexJob(interaction, ctx, 'Removing an article', async (progress) => {
    const report = await ctx.archive.removeArticle(article.id, progress, { server: article.collection ?? undefined });
    return `Removed **${escapeText(articleName(article, article.id))}** (\`${codeText(article.id)}\`).\n${formatReport('Reindex', report)}`;
  });
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const sub = interaction.options.getSubcommand();
  if (sub === 'list') return list(interaction, ctx);
  if (!isModerator(interaction, ctx.config)) return sayPrivately(interaction, NOT_A_MODERATOR);
  if (sub === 'add') return add(interaction, ctx);
  if (sub === 'remove') return remove(interaction, ctx);
  return sayPrivately(interaction, 'Unknown subcommand.');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  // Only remove takes an article: offer the ones this server added, the only ones it may remove.
  await respondWithArticles(interaction, ctx, { ownOnly: true });
}

export async function button(interaction: ButtonInteraction, ctx: BotContext, args: string[]): Promise<void> {
  const [action, page] = args;
  if (action !== 'page') return sayPrivately(interaction, 'Unknown button.');
  await interaction.update({ ...pageView(ctx, interaction.guildId, Number(page) || 0), allowedMentions: NO_MENTIONS });
}
