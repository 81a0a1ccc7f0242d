// Logs the client in and waits until it is ready, turning Discord's refusals into a
// LoginError with a message that says what to fix.
import { once } from 'node:events';
import { Events, GatewayCloseCodes, type Client } from 'discord.js';
import { LoginError } from '../errors.ts';

const CLOSE_REASONS: Partial<Record<number, string>> = {
  [GatewayCloseCodes.AuthenticationFailed]:
    'Discord refused the bot token. Check DISCORD_TOKEN (Developer Portal → your application → Bot → Reset Token).',
  [GatewayCloseCodes.DisallowedIntents]:
    'Discord refused the Message Content intent. Enable "Message Content Intent" under Privileged Gateway Intents on the Bot page of the Developer Portal.',
  [GatewayCloseCodes.InvalidIntents]: 'Discord refused the gateway intents the bot asked for.',
  [GatewayCloseCodes.ShardingRequired]: 'Discord requires sharding for this bot (it is in too many servers for one connection).',
  [GatewayCloseCodes.InvalidAPIVersion]: 'Discord refused the gateway API version.',
  [GatewayCloseCodes.InvalidShard]: 'Discord refused the shard settings.',
};

function loginFailure(err: unknown, apiUrl: string): LoginError {
  const e = err as { code?: unknown; status?: unknown; message?: unknown };
  if (e.code === 'TokenInvalid' || e.status === 401) {
    return new LoginError(
      'Discord refused the bot token (401 Unauthorized). Check DISCORD_TOKEN: copy it again from the Bot page of the Developer Portal.',
    );
  }
  return new LoginError(`Could not log in to Discord at ${apiUrl}: ${String(e.message ?? err)}`);
}

export async function loginAndWait(client: Client, token: string, apiUrl: string, readyTimeoutMs: number): Promise<void> {
  const controller = new AbortController();
  const ready = once(client, Events.ClientReady, { signal: controller.signal });
  // A gateway that closes with an unrecoverable code never reconnects: fail instead of waiting.
  const refused = new Promise<never>((_, reject) => {
    const onDisconnect = (event: { code: number }) => {
      reject(new LoginError(CLOSE_REASONS[event.code] ?? `Discord closed the gateway connection (code ${event.code}).`));
    };
    client.once(Events.ShardDisconnect, onDisconnect);
    controller.signal.addEventListener('abort', () => client.off(Events.ShardDisconnect, onDisconnect), { once: true });
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LoginError(`Discord did not complete the login within ${Math.round(readyTimeoutMs / 1000)} s.`)),
      readyTimeoutMs,
    );
  });
  // Keep these from surfacing as unhandled rejections when they lose the race.
  ready.catch(() => undefined);
  refused.catch(() => undefined);
  try {
    await Promise.race([client.login(token).catch((err: unknown) => Promise.reject(loginFailure(err, apiUrl))), refused, timeout]);
    if (!client.isReady()) await Promise.race([ready, refused, timeout]);
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw err instanceof LoginError ? err : loginFailure(err, apiUrl);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
