// The one place secrets are removed from text that leaves the process: user messages and log lines.
// It knows every configured secret (registered once when the configuration is read) and also strips
// the shapes of secrets that servers echo back (`Bearer …`, `sk-…`) whether configured or not.
//
// Process-wide on purpose: errors carrying a secret are made deep inside libraries (the OpenAI SDK,
// discord.js) and may be shown by any adapter; threading a redactor through every call would miss some.

const secrets = new Set<string>();

/** Shorter values would redact ordinary words; no real token or key is this short. */
const MIN_SECRET_LENGTH = 8;

/** Environment variables holding secrets, by name: the configured ones and any *_TOKEN, *_KEY, *_SECRET, *_PASSWORD. */
export const SECRET_NAME = /(?:^|_)(?:TOKEN|KEY|SECRET|PASSWORD)$/;

export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const v of values) if (v && v.trim().length >= MIN_SECRET_LENGTH) secrets.add(v.trim());
}

/** The values of every variable whose name says it is a secret. */
export function secretsOf(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value)
    .map(([, value]) => value as string);
}

const ECHOED = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, // an Authorization header echoed back
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI-style keys
];

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  for (const re of ECHOED) out = out.replace(re, (m) => (m.toLowerCase().startsWith('bearer') ? 'Bearer [redacted]' : '[redacted]'));
  return out;
}

/** A copy of a log object with every string redacted (objects and arrays walked; cycles cut). */
export function redactDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, seen));
  if (value instanceof Error) return redactDeep({ type: value.name, message: value.message, stack: value.stack }, seen);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, seen);
  return out;
}
