// The discord.js client, configured once: the intents the bot needs, the REST base url from
// config (so it can be pointed at a test double) and no mentions by default.
import { Client, GatewayIntentBits, WorkerShardingStrategy } from 'discord.js';
import type { Config } from '../config.ts';
import { NO_MENTIONS } from './limits.ts';

/**
 * Guilds: slash commands, threads, roles. GuildMessages: mentions and thread follow-ups.
 * MessageContent (privileged): the text of those messages — without it a mention arrives empty.
 */
export const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

export function createClient(config: Config): Client {
  return new Client({
    intents: BOT_INTENTS,
    // The REST client appends /v10 itself; the gateway url is whatever /gateway/bot answers.
    rest: { api: config.discord.apiUrl, version: '10' },
    allowedMentions: { ...NO_MENTIONS, parse: [] },
    // The gateway connection (its socket, heartbeats and their acks) lives in a worker thread of
    // @discordjs/ws: however busy the main thread is answering, heartbeats go out on time and Discord
    // never takes the session for a zombie. Events reach the main thread as messages.
    ws: { buildStrategy: (manager) => new WorkerShardingStrategy(manager, { shardsPerWorker: 'all' }) },
  });
}
