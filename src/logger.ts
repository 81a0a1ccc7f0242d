// Structured logs to stderr (stdout stays for answers and --json). Every string of every line passes
// through the one redactor, so a secret quoted in an error message is removed as well as a secret field.
import pino, { type Logger } from 'pino';
import { redact, redactDeep } from './shared/redact.ts';

export type { Logger };

export function createLogger(level: string, destination: number = 2): Logger {
  return pino(
    {
      level,
      base: { app: 'archivist' },
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    pino.destination({ fd: destination, sync: true }),
  );
}
