// Datelines and agency prefixes that open wire and broadcast copy: "MOSCOW (Reuters) -",
// "WASHINGTON, Dec. 29, 2020 (AP) —", "ANKARA, Dec 29 (Xinhua) --", "CNN —", "(CNN) —", "Sochi, Russia – ".
// They say where (and sometimes when) the story was filed; they are not part of its lead sentence.
import { DAY_MONTH_YEAR, MONTH_DAY_YEAR, parseDate } from './date.ts';

/** News agencies and broadcasters that prefix copy with their name. */
const AGENCIES = [
  'Reuters',
  'AP',
  'AFP',
  'Xinhua',
  'Anadolu',
  'Anadolu Agency',
  'AA',
  'TASS',
  'IRNA',
  'UPI',
  'dpa',
  'DPA',
  'CNN',
  'BBC',
  'BBC News',
  'ANI',
  'PTI',
  'IANS',
  'EFE',
  'ANSA',
  'Bloomberg',
  'Sputnik',
  'RIA Novosti',
  'Interfax',
  'Kyodo',
  'Yonhap',
  'AAP',
  'CP',
  'ABC News',
  'NBC News',
  'CBS News',
  'Al Jazeera',
];
const AGENCY = `(?:${AGENCIES.map((a) => a.replace(/ /g, '\\s+')).join('|')})`;
const DASH = '(?:-{1,2}|–|—|:)';
const MONTH_WORD = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
// "Dec 29", "Dec. 29, 2020", "29 December 2020".
const WHEN = `(?:${MONTH_WORD}\\s+\\d{1,2}(?:,?\\s+\\d{4})?|\\d{1,2}\\s+${MONTH_WORD}(?:\\s+\\d{4})?)`;
// A place: one to four capitalised words ("NEW YORK", "Sochi", "St. Petersburg"), optionally ", Country".
const PLACE_WORD = "\\p{Lu}[\\p{L}.'’-]*";
const PLACE = `${PLACE_WORD}(?:\\s+${PLACE_WORD}){0,3}`;

/** "CNN —", "(CNN) —", "(Reuters) -": the agency alone. */
const AGENCY_ONLY = new RegExp(`^\\(?${AGENCY}\\)?\\s*${DASH}\\s+`, 'u');
/** "MOSCOW (Reuters) -", "ANKARA, Dec 29 (Xinhua) --", "WASHINGTON, Dec. 29, 2020 (AP) —", "SALVADOR, Feb 26 - ". */
const PLACE_LINE = new RegExp(
  `^(?<place>${PLACE})(?:\\s*,\\s*(?<region>${PLACE}))?(?:\\s*,\\s*(?<when>${WHEN}))?\\s*(?:\\((?<agency>${AGENCY}|[\\p{L} .&-]{2,30})\\))?\\s*${DASH}\\s+`,
  'u',
);

export interface Dateline {
  /** The prefix as written, white space included. */
  prefix: string;
  /** The date it states, when it states a year. */
  date: string | null;
}

/**
 * The dateline opening a paragraph, or null. To tell a dateline from a sentence that opens with a
 * name and a dash ("Turkey - a NATO member - …"), a place counts only in capitals ("MOSCOW -"), with a
 * region ("Sochi, Russia –"), with a date ("SALVADOR, Feb 26 -") or with an agency ("Moscow (Reuters) -").
 */
export function findDateline(paragraph: string): Dateline | null {
  const agencyOnly = AGENCY_ONLY.exec(paragraph);
  if (agencyOnly) return { prefix: agencyOnly[0], date: null };
  const m = PLACE_LINE.exec(paragraph);
  if (!m?.groups) return null;
  const { place, region, when, agency } = m.groups;
  const capitals = place !== undefined && place.length >= 3 && place === place.toUpperCase();
  if (!capitals && !region && !when && !agency) return null;
  // Something must follow: a dateline alone on its line is handled by the caller.
  const rest = paragraph.slice(m[0].length);
  if (rest.length > 0 && !/^[\p{L}\p{N}"“‘'(]/u.test(rest)) return null;
  let date: string | null = null;
  if (when && /\d{4}/.test(when)) {
    const d = DAY_MONTH_YEAR.exec(when) ?? MONTH_DAY_YEAR.exec(when);
    date = d ? parseDate(d[0]) : null;
  }
  return { prefix: m[0], date };
}

/** A paragraph that is nothing but a dateline or agency name ("CNN —", "MOSCOW (Reuters) -"). */
export function isBareDateline(paragraph: string): boolean {
  const line = `${paragraph.trim()} `;
  const d = findDateline(line);
  return d !== null && d.prefix.length >= line.length - 1;
}

/** The paragraph without its dateline. */
export function withoutDateline(paragraph: string): string {
  const d = findDateline(paragraph);
  return d ? paragraph.slice(d.prefix.length) : paragraph;
}
