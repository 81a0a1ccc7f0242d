// A direct answer written relative to its article ("earlier this month", "last year", "yesterday") tells a
// reader months later nothing: the date it stands for, read against the article's date by the same reader
// of time words that questions go through (retrieve/time.ts), is shown beside it. A weekday ("on
// Wednesday") is read here instead, by the tense of its verb (weekdayDate).
import { questionTime, type TimeScope } from '../retrieve/time.ts';
import { hasYear } from '../shared/years.ts';
import { nearestVerb, parseSentence, type Token } from './spans.ts';

// Only words that point back from the article's date to a calendar period: "the past year" has none, "two
// years ago" is read as a day by the question reader (a false precision here), and a bare "March 1-2" in a
// story may be a month ahead, which the question reader (made for questions about the past) would not say.
const POINTS_BACK = /^(this|last|previous)\s+(week|month|year)$|^yesterday$|\bdays? ago$/i;

/**
 * Words that place a date before its article's day ("last year", "two days ago", "earlier this month",
 * "the past week"): what it dates had happened when the story was written. Unlike POINTS_BACK, not all of
 * them name one calendar period.
 */
export const BEFORE_ARTICLE = /\b(last|previous|past|ago|yesterday|earlier)\b/i;

/** Where a span stands in its sentence: `sentence.slice(start, start + span.length)` is the span. */
export interface SpanPlace {
  sentence: string;
  start: number;
}

/**
 * The calendar period a relative date span stands for ("December 2020", "2019", "2020-12-28"), or null.
 * Given where it stands, a weekday too ("On Tuesday, Cavusoglu visited Russia" → the article's Tuesday).
 */
export function calendarDate(span: string, articleDate: string | null, place?: SpanPlace): string | null {
  if (!articleDate) return null;
  const weekday = place === undefined ? null : weekdayDate(span, articleDate, place);
  if (weekday) return weekday;
  const scopes = questionTime(span, articleDate).scopes.filter((s) => POINTS_BACK.test(s.text.trim()));
  return scopes.length === 1 ? describe(scopes[0]!) : null;
}

/**
 * Whether a date span ends on or before its article's date: what it dates had happened, or was happening,
 * when the story was written. With its year ("29 December 2020", "in 2019") as written. Without one, as news
 * means it, the nearer of its last and next occurrence: "Nov. 9" in a story of 29 December 2020 is 9
 * November 2020 ("the agreement signed … on Nov. 9"), "March 1-2" in one of 29 February 2024 is two days
 * ahead. (The question reader resolves a bare date backwards, as questions mean it: here that would make
 * every bare date past.)
 */
export function byArticleDate(span: string, articleDate: string | null): boolean {
  if (!articleDate) return false;
  const scopes = questionTime(span, articleDate).scopes;
  if (scopes.length !== 1) return false;
  const end = scopes[0]!.to;
  if (hasYear(span)) return end <= articleDate;
  if (scopes[0]!.granularity !== 'day' && scopes[0]!.granularity !== 'month') return false;
  const next = `${Number(end.slice(0, 4)) + 1}${end.slice(4)}`;
  const days = (iso: string) => Math.abs(Date.parse(iso) - Date.parse(articleDate));
  return end <= articleDate && days(end) <= days(next);
}

function describe(s: TimeScope): string {
  switch (s.granularity) {
    case 'day':
      return s.from;
    case 'week':
      return `${s.from} to ${s.to}`;
    case 'month':
      // "December 2020": ISO "2020-12" reads as a code, not a month.
      return new Date(`${s.from}T00:00:00Z`).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    case 'year':
      return s.from.slice(0, 4);
  }
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const WILL = /^(will|would|shall|'ll|’ll)$/i;
// "set to meet", "due to arrive", "invited to meet": a "to" that says the verb after it is to come. After
// other words ("declined to comment", "agreed to meet") it says nothing sure either way.
export const PLANNED = /^(set|due|expected|scheduled|going|plans?|planned|intends?|intended|invited|poised)$/i;
const PRESENT_HELPER = /^(is|are|am|be|'s|’s|'re|’re)$/i;
// "the first Thursday in May", "every Monday": not one day.
const HABITUAL = /^(first|second|third|fourth|fifth|last|next|every|each)$/i;

/**
 * A weekday in a news story is the nearest such day up to the story's when its verb is past ("met
 * Tuesday", "stated on Wednesday": the story's own day if it is that weekday) and the nearest from the
 * story's day on when it is to come ("will meet on Tuesday", "invited to meet on Friday": wire style names
 * the same day by its weekday, a week on as "next Tuesday"). A present tense ("meets on Tuesday", "is
 * scheduled for Friday"), no verb near, or a weekday that is not one day ("the first Thursday") says
 * neither, and the weekday is left as written. (chrono-node reads a bare weekday as the coming one, right
 * for questions, wrong for most news.)
 */
function weekdayDate(span: string, articleDate: string, place: SpanPlace): string | null {
  const day = WEEKDAYS.indexOf(
    span
      .trim()
      .replace(/^on\s+/i, '')
      .toLowerCase(),
  );
  if (day < 0) return null;
  const tokens = parseSentence(place.sentence).tokens;
  const from = tokens.findIndex((t) => t.start >= place.start);
  if (from < 0) return null;
  const end = tokens.findIndex((t) => t.start >= place.start + span.length);
  const to = end < 0 ? tokens.length : end;
  const before = tokens.slice(Math.max(0, from - 2), from).map((t) => t.text);
  if (before.some((w) => HABITUAL.test(w))) return null;
  const tense = verbTense(tokens, from, to);
  if (!tense) return null;
  const written = new Date(`${articleDate}T00:00:00Z`);
  if (Number.isNaN(written.getTime())) return null;
  const ahead = (day - written.getUTCDay() + 7) % 7;
  const shift = tense === 'past' ? (ahead === 0 ? 0 : ahead - 7) : ahead;
  return new Date(written.getTime() + shift * 86_400_000).toISOString().slice(0, 10);
}

/** The tense of the verb nearest the tokens [from, to) (within six tokens, across clause breaks: "On Tuesday, he met"). */
function verbTense(tokens: Token[], from: number, to: number): 'past' | 'future' | null {
  return tenseAt(tokens, nearestVerb(tokens, from, to, 6));
}

/** The tense of the verb at `i`, when its form or its helpers say it: "met", "will meet", "set to meet". */
export function tenseAt(tokens: Token[], i: number): 'past' | 'future' | null {
  const t = tokens[i];
  if (!t) return null;
  const text = (k: number) => tokens[k]?.text ?? '';
  if ([1, 2, 3].some((k) => WILL.test(text(i - k)))) return 'future';
  if (/^to$/i.test(text(i - 1))) return PLANNED.test(text(i - 2)) ? 'future' : null;
  // "is scheduled for Friday", "are held on Sundays": a participle after a present helper.
  if ([1, 2].some((k) => PRESENT_HELPER.test(text(i - k)))) return null;
  const word = t.text.toLowerCase();
  // A past form: "met", "visited", "stated" (not the lemma, not "-ing" or a third person "-s").
  return word !== t.lemma.toLowerCase() && !/(ing|s)$/.test(word) ? 'past' : null;
}
