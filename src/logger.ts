// Structured logs to stderr (stdout stays for answers and --json). Secrets are redacted by key.
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'config.discord.token',
  'config.openai.apiKey',
  'headers.authorization',
  '*.headers.authorization',
  'DISCORD_TOKEN',
  'OPENAI_API_KEY',
];

export function createLogger(level: string, destination: number = 2): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'archivist' } },
    pino.destination({ fd: destination, sync: true }),
  );
}
