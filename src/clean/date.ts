// Parses the date formats news articles use into ISO yyyy-mm-dd. Returns null rather than guessing.

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

/** "29 December 2020" and "December 29, 2020" as written in running text. */
export const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');
export const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
/** 2020-12-29, also inside a timestamp ("2020-12-29T23:30:00+03:00": the date as written), and 2020/12/29. */
const ISO = /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/;
/** 26-FEB-1987 (Reuters, Oracle and log files) and 26 Feb 1987 with hyphens. */
const DAY_MON_YEAR_HYPHEN = new RegExp(`\\b(\\d{1,2})-${MONTH}-(\\d{4})\\b`, 'i');
/** 29.12.2020 (dotted dates are written day first), 29/12/2020 or 12/29/2020. */
const NUMERIC = /(?<!\d)(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)/;

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
    const d = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(d.getTime()) ? null : isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!s) return null;
  let m = ISO.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[3]), Number(m[4]));
  m = DAY_MON_YEAR_HYPHEN.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[2]!), Number(m[1]));
  m = DAY_MONTH_YEAR.exec(s); // also RFC 2822: "Tue, 29 Dec 2020 10:00:00 +0300"
  if (m) return isoDate(Number(m[3]), monthNumber(m[2]!), Number(m[1]));
  m = MONTH_DAY_YEAR.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[1]!), Number(m[2]));
  m = NUMERIC.exec(s);
  if (m) {
    const [a, b, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (m[2] === '.' || a > 12) return isoDate(year, b, a);
    if (b > 12) return isoDate(year, a, b);
    return null; // 03/04/2021: 4 March or 3 April; not guessed
  }
  // Nothing else is guessed at: Date.parse would read "04.03.2021" as April 3, give "1 March" the year 2001,
  // and shift a date without a time zone by a day in zones east of UTC.
  return null;
}

/** Paths that carry the publication date: /2020/12/29/, /2020-12-29-, /20201229/. */
const URL_DATE = /[/_-]((?:19|20)\d\d)([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)/;

/** The date a news url states in its path ("https://…/2020/12/29/turkey-russia"), or null. */
export function dateFromUrl(url: string | null): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = URL_DATE.exec(path);
  return m ? isoDate(Number(m[1]), Number(m[3]), Number(m[4])) : null;
}
