// Parses the date formats news articles use into ISO yyyy-mm-dd. Returns null rather than guessing.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

/** "29 December 2020" and "December 29, 2020" as written in running text. */
export const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');
export const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;

export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  if (year < 1800 || year > 2200) return null;
  return d.toISOString().slice(0, 10);
}

function monthNumber(name: string): number {
  return MONTHS[name.toLowerCase().slice(0, 3)]!;
}

/** Parses one date value (metadata field or a phrase). */
export function parseDate(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Unix seconds or milliseconds.
    const ms = value < 1e11 ? value * 1000 : value;
    return new Date(ms).toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!s) return null;
  let m = ISO.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_MONTH_YEAR.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[2]!), Number(m[1]));
  m = MONTH_DAY_YEAR.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[1]!), Number(m[2]));
  const parsed = Date.parse(s); // RFC 2822 and friends
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}
