// Finds the title and publication date that scraped text states, and only those: nothing is guessed.
import { DAY_MONTH_YEAR, MONTH_DAY_YEAR, parseDate } from './date.ts';
import { findDateline, isBareDateline } from './dateline.ts';

/** "date 2024-02-29 …" or "Date: 29 December 2020" at the very start of the text. */
const LEADING_DATE_LABEL =
  /^(?:date|published|posted|updated)\s*:?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4})\b[\s,.:–—-]*/iu;

export interface FoundMetadata {
  title: string | null;
  date: string | null;
  /** The paragraphs left once the title line and date label are taken out. */
  paragraphs: string[];
}

function looksLikeTitle(line: string): boolean {
  if (isBareDateline(line)) return false; // "CNN —" on a line of its own
  const words = line.split(/\s+/).length;
  return line.length <= 160 && words >= 2 && words <= 22 && !/[.,;:!?]$/.test(line) && /\p{L}/u.test(line);
}

export function findMetadata(paragraphs: string[], known: { title: string | null; date: string | null }): FoundMetadata {
  const rest = [...paragraphs];
  let date = known.date;
  let title = known.title;

  /** Takes a date label ("Published: March 3, 2021") off the first paragraph; true when there was one. */
  const takeDateLabel = (): boolean => {
    const first = rest[0];
    const m = first === undefined ? null : LEADING_DATE_LABEL.exec(first);
    if (!m) return false;
    date ??= parseDate(m[1]);
    const remainder = first!.slice(m[0].length).trim();
    if (remainder) rest[0] = remainder;
    else rest.shift();
    return true;
  };
  const labelFirst = takeDateLabel();
  let tookTitleLine = false;
  if (title === null && rest.length > 1 && looksLikeTitle(rest[0]!)) {
    title = rest.shift()!;
    tookTitleLine = true;
  } else if (title !== null && rest.length > 1 && rest[0]!.trim() === title.trim()) {
    rest.shift(); // the heading repeated as the first line
    tookTitleLine = true;
  }
  // The usual layout is title line, then date line: the label under the title is metadata too.
  if (!labelFirst && tookTitleLine) takeDateLabel();
  // The first paragraph with words in it: a dateline on a line of its own ("CNN —") is not the opening.
  const first = rest.findIndex((p) => !isBareDateline(p));
  const openingAt = Math.max(first, 0);
  if (date === null && rest.length) {
    // A dateline that states a year ("WASHINGTON, Dec. 29, 2020 (AP) —") dates the story it opens.
    date = findDateline(`${rest[0]!} `)?.date ?? findDateline(rest[openingAt] ?? '')?.date ?? null;
  }
  if (date === null) {
    // A date stated in the opening paragraph ("… visited Russia on 29 December 2020") is the article's own.
    const opening = (rest[openingAt] ?? '').slice(0, 400);
    const m = DAY_MONTH_YEAR.exec(opening) ?? MONTH_DAY_YEAR.exec(opening);
    if (m) date = parseDate(m[0]);
  }
  return { title, date, paragraphs: rest };
}
