// A direct answer written relative to its article ("earlier this month", "last year", "yesterday") tells a
// reader months later nothing: the date it stands for, read against the article's date by the same reader
// of time words that questions go through (retrieve/time.ts), is shown beside it.
import { questionTime, type TimeScope } from '../retrieve/time.ts';

// Only words that point back from the article's date to a calendar period: "the past year" has none, "two
// years ago" is read as a day by the question reader (a false precision here), and a bare "March 1-2" in a
// story may be a month ahead, which the question reader (made for questions about the past) would not say.
const POINTS_BACK = /^(this|last|previous)\s+(week|month|year)$|^yesterday$|\bdays? ago$/i;

/** The calendar period a relative date span stands for ("December 2020", "2019", "2020-12-28"), or null. */
export function calendarDate(span: string, articleDate: string | null): string | null {
  if (!articleDate) return null;
  const scopes = questionTime(span, articleDate).scopes.filter((s) => POINTS_BACK.test(s.text.trim()));
  return scopes.length === 1 ? describe(scopes[0]!) : null;
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
