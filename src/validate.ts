// Validation of values users type (dates, date ranges), shared by the CLI, the bot and the core API.
import { InputError } from './errors.ts';

/** A real calendar date written YYYY-MM-DD ("2024-02-30" is not one). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Throws an InputError naming the option when a date is malformed or the range is reversed. */
export function checkDateRange(
  from: string | undefined,
  to: string | undefined,
  names: { from: string; to: string } = { from: 'from', to: 'to' },
): void {
  for (const [name, d] of [
    [names.from, from],
    [names.to, to],
  ] as const) {
    if (d !== undefined && !isIsoDate(d))
      throw new InputError(`The ${name} date "${d}" is not a date written YYYY-MM-DD, e.g. 2024-02-29.`);
  }
  if (from && to && from > to) throw new InputError(`The ${names.from} date ${from} is after the ${names.to} date ${to}.`);
}
