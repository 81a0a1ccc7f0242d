// ALLOWED_GUILD_IDS: the servers the bot serves. In any other it says so once, in the server's system channel
// (or the first text channel that takes the message), and leaves; its interactions and mentions are refused
// meanwhile. Empty: every server that invites the bot is served.
import { ChannelType, type Client, Events, type Guild, type SendableChannels } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { errorForLog } from '../errors.ts';
import { NO_MENTIONS } from './limits.ts';

export const NOT_SERVED =
  'This server is not one the Archivist bot is set up to serve (its operator lists them in ALLOWED_GUILD_IDS), so it is leaving. Ask the operator to add this server if you need it.';

/** Whether the bot serves this guild (a DM, without a guild, is no server's: commands are guild-only anyway). */
export function serves(config: Config, guildId: string | null): boolean {
  const allowed = config.discord.allowedGuildIds;
  return allowed.length === 0 || (guildId !== null && allowed.includes(guildId));
}

async function firstWritableChannel(guild: Guild): Promise<SendableChannels | null> {
  if (guild.systemChannel) return guild.systemChannel;
  const channels = await guild.channels.fetch().catch(() => guild.channels.cache);
  const text = [...channels.values()]
    .filter((c) => c !== null && c.type === ChannelType.GuildText)
    .sort((a, b) => (a!.rawPosition ?? 0) - (b!.rawPosition ?? 0));
  return (text[0] as SendableChannels | undefined) ?? null;
}

/** Leaves every guild the bot may not serve, now (those it is in) and whenever it is invited to another. */
export function enforceAllowedGuilds(client: Client, config: Config, log: Logger): void {
  if (config.discord.allowedGuildIds.length === 0) return;
  const told = new Set<string>();
  const leave = async (guild: Guild) => {
    if (serves(config, guild.id) || told.has(guild.id)) return;
    told.add(guild.id);
    const channel = await firstWritableChannel(guild).catch(() => null);
    await channel?.send({ content: NOT_SERVED, allowedMentions: NO_MENTIONS }).catch((err: unknown) => {
      log.warn({ guild: guild.id, error: errorForLog(err) }, 'could not tell a server it is not served');
    });
    await guild.leave().then(
      () => log.warn({ guild: guild.id, name: guild.name }, 'left a server that is not in ALLOWED_GUILD_IDS'),
      (err: unknown) =>
        log.error({ guild: guild.id, error: errorForLog(err) }, 'could not leave a server that is not in ALLOWED_GUILD_IDS'),
    );
  };
  client.on(Events.GuildCreate, (guild) => void leave(guild));
  const atReady = () => {
    for (const guild of client.guilds.cache.values()) void leave(guild);
  };
  if (client.isReady()) atReady();
  else client.once(Events.ClientReady, atReady);
}
