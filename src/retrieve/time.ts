// What a question says about time, and how retrieval uses it. "in March 1987", "the 2024 meeting",
// "last month", "this week" name a period: passages from articles dated in it (or that mention it) rank
// first. "latest", "current", "now" ask for the newest state of things: among the relevant passages the
// newer rank higher, and the answer says "As of <date>". Dates come from chrono-node (absolute dates and
// "N days ago"); bare years and "this/last week|month|year" are read here because chrono leaves the first
// out and gives the second only as a day.
import * as chrono from 'chrono-node';
import type { ArchiveDb } from '../store/database.ts';
import { YEAR_PATTERN } from '../shared/years.ts';
import type { Citation, Passage } from '../types.ts';

export type Granularity = 'day' | 'week' | 'month' | 'year';

/** One period a question names. */
export interface TimeScope {
  /** The words that name it ("March 1987", "2024", "last month"). */
  text: string;
  /** Inclusive ISO dates. */
  from: string;
  to: string;
  granularity: Granularity;
  /** Read against the archive's "now" ("last month", "this week"), not written as a date. */
  relative: boolean;
}

export interface QuestionTime {
  scopes: TimeScope[];
  /** The smallest range holding every scope, or null when the question names no period. */
  range: { from: string; to: string } | null;
  /** The question asks for the newest state of things ("latest", "current", "now", "still"). */
  recency: boolean;
  /** The date relative expressions were read against. */
  now: string;
}

const RECENCY =
  /\b(latest|newest|current|currently|now|nowadays|today|todays|at present|presently|most recent|most recently|recent|recently|lately|these days|so far|to date|still|anymore|any more|up to date)\b/i;
const RELATIVE =
  /\b(this|last|past|previous|the past|the last)\s+(week|month|year|(\d+|two|three|four|five|six|seven|ten|twelve)\s+(days|weeks|months|years))\b/gi;
/** A year standing alone: "the 2024 meeting", "in 1987". Not a figure ("2,000", "$2024", "2024 people"). */
const BARE_YEAR = new RegExp(
  `(?<![\\d$£€.,:-])\\b(${YEAR_PATTERN})\\b(?![\\d.,:%-]|\\s*(?:percent|people|tons|troops|dollars|euros|pounds|km|miles|votes|cases|deaths|jobs|shares|dlrs|mln|billion|million)\\b)`,
  'gi',
);

/** The years a question names as times, each once: "the 2024 meeting", not "2024 people". */
export function questionYears(question: string): string[] {
  return [...new Set([...question.matchAll(BARE_YEAR)].map((m) => m[1]!))];
}

/**
 * The years a question is about: those it names ("in 2023") and the one its relative words stand for
 * ("last year", "this year", read against the archive's now in `time`: "last year" is 2023 when the newest
 * article is from 2024-02-29).
 */
export function periodYears(question: string, time: QuestionTime): number[] {
  const years = new Set(questionYears(question).map(Number));
  for (const s of time.scopes)
    if (s.relative && s.granularity === 'year' && s.from.slice(0, 4) === s.to.slice(0, 4)) years.add(Number(s.from.slice(0, 4)));
  return [...years];
}

const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, twelve: 12 };

const DAY_MS = 86_400_000;
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utc = (s: string): Date => new Date(`${s}T00:00:00Z`);
const addDays = (s: string, n: number): string => iso(new Date(utc(s).getTime() + n * DAY_MS));
const endOfMonth = (y: number, m: number): string => iso(new Date(Date.UTC(y, m, 0))); // m is 1-based
const minDate = (a: string, b: string): string => (a < b ? a : b);
const maxDate = (a: string, b: string): string => (a > b ? a : b);

function relativeScope(text: string, which: string, unit: string, now: string): TimeScope {
  const n = utc(now);
  const y = n.getUTCFullYear();
  const m = n.getUTCMonth() + 1;
  const counted = /^(\d+|two|three|four|five|six|seven|ten|twelve)\s+(\w+)$/.exec(unit);
  if (counted) {
    const count = NUMBER_WORDS[counted[1]!] ?? Number(counted[1]);
    const per = counted[2]!.startsWith('day') ? 1 : counted[2]!.startsWith('week') ? 7 : counted[2]!.startsWith('month') ? 30.44 : 365.25;
    const gran: Granularity = per === 1 || per === 7 ? 'week' : per < 365 ? 'month' : 'year';
    return { text, from: addDays(now, -Math.round(count * per)), to: now, granularity: gran, relative: true };
  }
  const previous = /^(last|previous)$/i.test(which);
  const past = /past/i.test(which) || /^the last$/i.test(which);
  if (unit === 'week') {
    if (previous) return { text, from: addDays(now, -13), to: addDays(now, -7), granularity: 'week', relative: true };
    return { text, from: addDays(now, -6), to: now, granularity: 'week', relative: true };
  }
  if (unit === 'month') {
    if (past) return { text, from: addDays(now, -30), to: now, granularity: 'month', relative: true };
    if (previous) {
      const py = m === 1 ? y - 1 : y;
      const pm = m === 1 ? 12 : m - 1;
      return { text, from: `${py}-${String(pm).padStart(2, '0')}-01`, to: endOfMonth(py, pm), granularity: 'month', relative: true };
    }
    return { text, from: `${y}-${String(m).padStart(2, '0')}-01`, to: now, granularity: 'month', relative: true };
  }
  if (past) return { text, from: addDays(now, -365), to: now, granularity: 'year', relative: true };
  if (previous) return { text, from: `${y - 1}-01-01`, to: `${y - 1}-12-31`, granularity: 'year', relative: true };
  return { text, from: `${y}-01-01`, to: now, granularity: 'year', relative: true };
}

/** A chrono result as a scope, or null for what is not a period in the past (weekdays alone, "in a week"). */
function chronoScope(r: chrono.ParsedResult, now: string): TimeScope | null {
  const tags = r.tags();
  if (tags.has('casualReference/now')) return null;
  if (tags.has('result/relativeDate') && !/\bago\b/i.test(r.text)) return null; // "in the week", "in 2 days"
  const start = r.start;
  const known = (c: chrono.Component) => start.isCertain(c);
  if (!known('month') && !known('day') && !/\bago\b|yesterday/i.test(r.text)) return null; // weekday or time alone
  let year = start.get('year')!;
  const month = start.get('month')!;
  const day = start.get('day')!;
  const granularity: Granularity = known('day') || /\bago\b|yesterday/i.test(r.text) ? 'day' : 'month';
  const ymd = (y: number) => `${y}-${String(month).padStart(2, '0')}-${granularity === 'day' ? String(day).padStart(2, '0') : '01'}`;
  // "in April" asked in March means the April before, not the one to come.
  if (!known('year') && !r.text.match(/\d{4}/) && ymd(year) > now) year -= 1;
  const from = ymd(year);
  let to = granularity === 'day' ? from : endOfMonth(year, month);
  if (r.end) {
    const e = r.end;
    const ey = e.get('year') ?? year;
    const em = e.get('month') ?? month;
    to = e.isCertain('day') ? `${ey}-${String(em).padStart(2, '0')}-${String(e.get('day')).padStart(2, '0')}` : endOfMonth(ey, em);
  }
  return { text: r.text, from, to: maxDate(from, to), granularity, relative: !known('year') && !/\d{4}/.test(r.text) };
}

/** What the question says about time, relative expressions read against `now` (ISO date). */
export function questionTime(question: string, now: string): QuestionTime {
  const scopes: TimeScope[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (at: number, len: number) => taken.some(([a, b]) => at < b && at + len > a);

  // "this year, according to Lavrov": the source's "this year", not the reader's; it is left to the words.
  const reported = /\baccording to\b/i.test(question);
  for (const m of question.matchAll(RELATIVE)) {
    if (!reported) scopes.push(relativeScope(m[0], m[1]!, m[2]!.toLowerCase(), now));
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const r of chrono.parse(question, utc(now), { forwardDate: false })) {
    if (overlaps(r.index, r.text.length)) continue;
    const scope = chronoScope(r, now);
    if (!scope) continue;
    scopes.push(scope);
    taken.push([r.index, r.index + r.text.length]);
  }
  for (const m of question.matchAll(BARE_YEAR)) {
    if (overlaps(m.index, m[0].length)) continue;
    scopes.push({ text: m[0], from: `${m[0]}-01-01`, to: `${m[0]}-12-31`, granularity: 'year', relative: false });
  }
  // "since 2020", "after March": up to now.
  for (const s of scopes) {
    if (new RegExp(`\\b(since|after|from)\\s+(the\\s+)?${s.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(question)) {
      s.to = maxDate(s.to, now);
    }
  }
  const range =
    scopes.length === 0 ? null : { from: scopes.map((s) => s.from).reduce(minDate), to: scopes.map((s) => s.to).reduce(maxDate) };
  const recency = RECENCY.test(question.replace(/[’']/g, ''));
  return { scopes, range, recency, now };
}

/**
 * The question without its words about recency and relative time ("latest", "current", "last month"):
 * the dates handle those, and as search terms they only find passages that happen to say "current".
 */
export function withoutTimeWords(question: string): string {
  const stripped = question.replace(RELATIVE, ' ').replace(new RegExp(RECENCY.source, 'gi'), ' ').replace(/\s+/g, ' ').trim();
  return stripped || question;
}

const archiveNows = new WeakMap<ArchiveDb, string>();

/**
 * The date "now" means for this archive: the newest article's date, or today when that is earlier.
 * An archive of 1987 wire stories read in 2026 answers "this week" from its own last week.
 */
export function archiveNow(db: ArchiveDb, today: string = iso(new Date())): string {
  let now = archiveNows.get(db);
  if (now === undefined) {
    const newest = db
      .listSources()
      .map((s) => s.date)
      .filter((d): d is string => d !== null && d <= today)
      .reduce((a, b) => maxDate(a, b), '');
    now = newest || today;
    archiveNows.set(db, now);
  }
  return now;
}

/** The days up to "now" whose passages a "latest" question also searches. */
export function recentWindow(time: QuestionTime): { from: string; to: string } {
  return { from: addDays(time.now, -TIME_WEIGHTS.recentDays), to: time.now };
}

/** Whether an article date falls in a scope. */
export function inScope(date: string | null, scope: Pick<TimeScope, 'from' | 'to'>): boolean {
  return date !== null && date >= scope.from && date <= scope.to;
}

const MONTH_NAMES = 'january february march april may june july august september october november december'.split(' ');

/** Whether a passage's text names the period: its year ("2023"), or its month and year ("March 1987"). */
export function mentionsScope(text: string, scope: TimeScope): boolean {
  if (scope.relative) return false;
  const year = scope.from.slice(0, 4);
  if (!text.includes(year)) return false;
  if (scope.granularity === 'year') return true;
  const month = MONTH_NAMES[Number(scope.from.slice(5, 7)) - 1]!;
  return new RegExp(`\\b${month.slice(0, 3)}`, 'i').test(text);
}

/**
 * Whether a year the question names is covered by the archive's dates: a passage dated in it, or one
 * that mentions it. A year that matches an article's date is never "not mentioned".
 */
export function yearCovered(year: string, passages: Array<Pick<Passage, 'date' | 'text'>>): boolean {
  return passages.some((p) => p.date?.startsWith(year) || p.text.includes(year));
}

/** How long after a period a report about it still counts as close: a day's news for a week, a year's for a year. */
function grace(scope: TimeScope): number {
  return { day: 7, week: 7, month: 31, year: 366 }[scope.granularity];
}

/**
 * Bonuses added to a passage's retrieval score (the best passage scores 1) for a question that names a
 * period: passages of the period come first, then those reporting on it soon after, then those of unknown
 * date; a passage far stronger than all of those can still outrank them.
 */
export const TIME_WEIGHTS = {
  /** For "latest" / "current" questions, the passages of this many days up to "now" join the candidates. */
  recentDays: 45,
  /** Dated in the period, or mentions it. */
  inScope: 1,
  /** Dated shortly after it (a 2024 article reporting 2023's figures). */
  soonAfter: 0.5,
  /** No date and no mention: it may be from then, or not. */
  undated: 0.25,
  /** Dated at another time: dropped when any candidate is of the period. */
  elsewhere: 0,
  /** For "latest" / "current" questions the newest relevant passage gains this (the best scores 1). */
  recency: 0.6,
  /** An article of the period gets the full bonus when its best passage scores this share of the best. */
  relevantArticle: 0.5,
  /** Only passages at least this close to the best compete on recency. */
  recencyFloor: 0.35,
} as const;

/** The bonus for one passage; 0 when the question names no period. */
export function scopeBonus(passage: Pick<Passage, 'date' | 'text'>, scopes: TimeScope[]): number {
  if (scopes.length === 0) return 0;
  // A mention of a month in an article of another month is mostly a forecast or a deadline ("the year
  // ending October 31, 1987"); a year mentioned is what the figures are about ("in 2023, trade fell").
  const mentions = (s: TimeScope) => (s.granularity === 'year' || passage.date === null) && mentionsScope(passage.text, s);
  if (scopes.some((s) => inScope(passage.date, s) || mentions(s))) return TIME_WEIGHTS.inScope;
  if (passage.date === null) return TIME_WEIGHTS.undated;
  const d = passage.date;
  if (scopes.some((s) => d > s.to && utc(d).getTime() - utc(s.to).getTime() <= grace(s) * DAY_MS)) return TIME_WEIGHTS.soonAfter;
  return TIME_WEIGHTS.elsewhere;
}

export interface TimedCandidate {
  chunkId: number;
  score: number;
}

/**
 * Candidates rescored by the question's time: ranked by scope first when a period is named and some
 * candidate falls in it (those dated at other times dropped), then (for "latest"/"current") nudged towards the newest of the relevant ones.
 * `info` gives each candidate's date and text. Returns a new list, best first.
 */
export function rescoreByTime<T extends TimedCandidate>(
  candidates: T[],
  time: QuestionTime,
  info: (chunkId: number) => Pick<Passage, 'date' | 'text' | 'articleId'> | undefined,
): T[] {
  let out = candidates.map((c) => ({ ...c }));
  if (time.scopes.length > 0) {
    const top = Math.max(0, ...out.map((c) => c.score)) || 1;
    const bonuses = out.map((c) => {
      const p = info(c.chunkId);
      return p ? scopeBonus(p, time.scopes) : 0;
    });
    // An article of the period that is about something else must not crowd out undated ones that answer:
    // its passages get the full bonus only when its best passage is relevant (half the best score or more).
    const articleBest = new Map<string, number>();
    for (const c of out) {
      const id = info(c.chunkId)?.articleId;
      if (id) articleBest.set(id, Math.max(articleBest.get(id) ?? 0, c.score / top));
    }
    const relevance = (c: T) => Math.min(1, (articleBest.get(info(c.chunkId)?.articleId ?? '') ?? 0) / TIME_WEIGHTS.relevantArticle);
    // A period nothing in the candidates is from or about says nothing about which of them to prefer.
    if (bonuses.some((b) => b === TIME_WEIGHTS.inScope)) {
      // "this year" may be the article's words quoted back ("this year, according to Lavrov"), so only
      // periods written as dates drop the passages dated at other times (undated ones always stay).
      const drop = time.scopes.some((s) => !s.relative);
      out = out
        .map((c, i) => {
          const bonus = bonuses[i] === TIME_WEIGHTS.inScope ? bonuses[i]! * relevance(c) : bonuses[i]!;
          return { ...c, score: (c.score / top + bonus) / (1 + TIME_WEIGHTS.inScope) };
        })
        .filter((_, i) => !drop || bonuses[i]! > TIME_WEIGHTS.elsewhere);
    }
  }
  if (time.recency) {
    // The newest of the relevant passages first: a bonus growing with the date, from nothing for the
    // oldest (and for undated ones, whose age is unknown) to TIME_WEIGHTS.recency for the newest.
    const top = Math.max(0, ...out.map((c) => c.score)) || 1;
    const days = (c: T) => {
      const d = info(c.chunkId)?.date;
      return d ? utc(d).getTime() / DAY_MS : null;
    };
    const relevant = (c: T) => c.score >= top * TIME_WEIGHTS.recencyFloor;
    const dated = out
      .filter(relevant)
      .map(days)
      .filter((d): d is number => d !== null);
    const oldest = Math.min(...dated);
    const span = Math.max(...dated) - oldest;
    out = out.map((c) => {
      const d = days(c);
      const bonus = d === null || !relevant(c) || dated.length === 0 ? 0 : span > 0 ? (d - oldest) / span : 1;
      return { ...c, score: c.score / top + TIME_WEIGHTS.recency * bonus };
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** The newest date among the cited passages: what "as of" refers to. Null when none is dated. */
export function evidenceDate(citations: Array<Pick<Citation, 'date'>>): string | null {
  const dates = citations.map((c) => c.date).filter((d): d is string => d !== null);
  return dates.length ? dates.reduce(maxDate) : null;
}

/**
 * The "As of <date>: " an answer opens with when the question asks for the newest state of things, or
 * about a period up to now ("What happened to stocks this week?": read months later, the answer says which
 * week that was); '' when it does not or no cited passage is dated. Ask prepends it to the answer.
 */
export function asOfPrefix(time: QuestionTime | null, citations: Array<Pick<Citation, 'date'>>): string {
  if (!time) return '';
  const upToNow = time.scopes.some((s) => s.relative && s.to === time.now);
  if (!time.recency && !upToNow) return '';
  const date = evidenceDate(citations);
  return date ? `As of ${date}: ` : '';
}
