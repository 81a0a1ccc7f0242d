// Registers the slash commands with Discord: for one guild when DISCORD_GUILD_ID is set
// (instant, good for testing), else globally (can take up to an hour to show everywhere).
import { REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import type { Config } from '../config.ts';
import { COMMANDS } from './commands.ts';
import { LoginError } from '../errors.ts';

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId: string | undefined;
  applicationId: string;
  commands: string[];
}

export async function deployCommands(config: Config): Promise<DeployResult> {
  const { token, guildId } = config.discord;
  if (!token) throw new LoginError('DISCORD_TOKEN is not set: it is needed to register the commands.');
  // No sweepers: this REST client lives for one request and must not keep the process alive.
  const rest = new REST({ api: config.discord.apiUrl, version: '10', hashSweepInterval: 0, handlerSweepInterval: 0 }).setToken(token);
  try {
    const applicationId = config.discord.appId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    const registered = (await rest.put(route, { body: COMMANDS.map((c) => c.data.toJSON()) })) as APIApplicationCommand[];
    return { scope: guildId ? 'guild' : 'global', guildId, applicationId, commands: registered.map((c) => c.name) };
  } catch (err) {
    if ((err as { status?: unknown }).status === 401) {
      throw new LoginError('Discord refused the bot token (401 Unauthorized). Check DISCORD_TOKEN.');
    }
    throw err;
  }
}

/** One line for the CLI to print. */
export function describeDeployment(result: DeployResult): string {
  const where = result.scope === 'guild' ? `guild ${result.guildId}` : 'all guilds (global commands can take up to an hour to appear)';
  return `Registered ${result.commands.length} commands for ${where}: ${result.commands.map((c) => `/${c}`).join(', ')}`;
}
