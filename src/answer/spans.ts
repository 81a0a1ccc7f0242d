// Candidate answer spans of a sentence: dates, figures, names and short noun phrases, found with
// wink-nlp and its English model (POS tags and numeric/date entities). wink was chosen over compromise
// (+compromise-dates) and chrono-node by measurement on SQuAD (README, "Answering"): it finds as many
// gold answers as compromise at about 25 times the speed, and chrono finds dates only.
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { isYear } from '../shared/years.ts';

export type SpanKind = 'date' | 'time' | 'number' | 'money' | 'percent' | 'duration' | 'ordinal' | 'proper' | 'noun';

export interface Token {
  text: string;
  /** Character offsets in the sentence. */
  start: number;
  end: number;
  pos: string;
  lemma: string;
}

export interface Span {
  /** Verbatim: always `sentence.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  /** Token indexes, end exclusive. */
  from: number;
  to: number;
  kind: SpanKind;
}

export interface ParsedSentence {
  text: string;
  tokens: Token[];
  spans: Span[];
}

let nlp: WinkMethods | null = null;
function engine(): WinkMethods {
  // Loading the model takes ~100 ms: only when the first answer needs it.
  nlp ??= winkNLP(model);
  return nlp;
}

const ENTITY_KIND: Record<string, SpanKind> = {
  DATE: 'date',
  TIME: 'time',
  CARDINAL: 'number',
  MONEY: 'money',
  PERCENT: 'percent',
  DURATION: 'duration',
  ORDINAL: 'ordinal',
};
const NP_POS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);
// Whole month names or their abbreviations: a prefix alone made "married", "Mars" and "decline" dates.
const MONTHS =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?$/i;
const DECADE = /^(mid-)?(1\d|20)\d0s$/;

/** The word between the sides of a range: "1883–1950", "10 to 15 million". */
export const isRangeWord = (word: string): boolean => /^(to|[–-])$/i.test(word);
/** A month's name or abbreviation, as one token ("March", "Sept."). */
export const isMonth = (word: string): boolean => MONTHS.test(word);
/** Units a figure is counted in: "340 miles", "15 days" are answers as much as "340" is. */
const UNIT =
  /^(miles?|kilometres?|kilometers?|km|metres?|meters?|feet|foot|ft|inches|acres?|hectares?|tons?|tonnes?|pounds?|lbs?|kg|kilograms?|grams?|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|percent|per cent|degrees?|nanomet(?:er|re)s?|nm|micromet(?:er|re)s?|µm|mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?|mph|people|times|votes|points|seats|members|students|employees|workers|copies|viewers)$/i;

function tokensOf(text: string): { tokens: Token[]; entities: Array<{ type: string; span: [number, number] }> } {
  const e = engine();
  const its = e.its;
  const doc = e.readDoc(text);
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  // The typings declare its.lemma with another signature than out() takes; it works as documented.
  const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.value) as string[];
  const tokens: Token[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    // wink keeps token values verbatim; find each from where the previous one ended.
    const at = text.indexOf(value, cursor);
    const start = at >= 0 ? at : cursor;
    const end = at >= 0 ? at + value.length : cursor;
    cursor = end;
    tokens.push({ text: value, start, end, pos: pos[i] ?? 'X', lemma: (lemmas[i] ?? value).toLowerCase() });
  });
  const types = doc.entities().out(its.type) as string[];
  const spans = doc.entities().out(its.span) as unknown as Array<[number, number]>;
  const { merged, at } = joinSplitWords(tokens);
  retagNames(merged);
  retagAfterArticle(merged);
  return { tokens: merged, entities: types.map((type, i) => ({ type, span: [at[spans[i]![0]]!, at[spans[i]![1]]!] as [number, number] })) };
}

const LETTERS = /^\p{L}+$/u;

/**
 * wink's tokenizer breaks a word at letters outside its alphabet ("Skłodowska" → "Sk" "ł" "odowska",
 * "Piłsudski" → "Pi" "ł" "sudski"), and the name is then never a candidate. Pieces of letters with no
 * space between them are one word again, tagged as its first piece was. Returns the new tokens and, for
 * each old token index, its new one (entities are given in old indexes).
 */
function joinSplitWords(tokens: Token[]): { merged: Token[]; at: number[] } {
  const merged: Token[] = [];
  const at: number[] = [];
  for (const t of tokens) {
    const last = merged.at(-1);
    if (
      last &&
      last.end === t.start &&
      LETTERS.test(last.text) &&
      LETTERS.test(t.text) &&
      (last.pos === 'X' || t.pos === 'X' || /[^\p{ASCII}]$/u.test(last.text))
    ) {
      last.text += t.text;
      last.end = t.end;
      last.lemma = last.text.toLowerCase();
      if (last.pos === 'X') last.pos = t.pos;
    } else merged.push({ ...t });
    at.push(merged.length - 1);
  }
  return { merged, at };
}

/**
 * The tagger reads a capitalised word inside a name as the common word it spells ("Peyton Manning/VERB",
 * "Death Wish/VERB Coffee", "the Chicago Bears/VERB", "Ted/VERB Ginn Jr."). A capitalised noun or verb
 * beside a proper noun, past the sentence's first word, is part of that name.
 */
function retagNames(tokens: Token[]): void {
  const capital = (t: Token) => /^\p{Lu}/u.test(t.text) && (t.pos === 'VERB' || t.pos === 'NOUN');
  for (let changed = true; changed; ) {
    changed = false;
    tokens.forEach((t, i) => {
      if (i === 0 || !capital(t)) return;
      if (tokens[i - 1]?.pos === 'PROPN' || tokens[i + 1]?.pos === 'PROPN') {
        t.pos = 'PROPN';
        changed = true;
      }
    });
  }
}

/**
 * The tagger reads a plural noun after an article as a verb ("found in the stems/VERB"), so it was never a
 * candidate. A word right after "the" / "a" / "an" is no verb: a noun, an adjective before one ("the
 * rising tide"), or capitalised a name ("the Levant", "the Seine"). (126 of 4,285 sentences of the first
 * 20 SQuAD dev articles have one.)
 */
function retagAfterArticle(tokens: Token[]): void {
  tokens.forEach((t, i) => {
    // A capital "A" is a letter ("Vitamin A helps", "Group A plays") but at the sentence's start.
    const article = tokens[i - 1]?.text ?? '';
    if (t.pos !== 'VERB' || !(/^(the|a|an)$/.test(article) || (i === 1 && /^(The|A|An)$/.test(article)))) return;
    t.pos = /^\p{Lu}/u.test(t.text) ? 'PROPN' : ['NOUN', 'PROPN', 'ADJ'].includes(tokens[i + 1]?.pos ?? '') ? 'ADJ' : 'NOUN';
  });
}

const DIRECTION = /^(north|south|east|west|north-?east|north-?west|south-?east|south-?west)$/i;

const isCap = (t: Token) => /^\p{Lu}/u.test(t.text);
/** Titles that wink tags as part of the name after them ("President José María Figueres"). Not "General" or
 * "Justice", which begin organisations more often than names ("General Motors", "Justice Department"). */
const TITLE =
  /^(President|Presidents|Minister|Ministers|Secretary|Chancellor|King|Queen|Prince|Princess|Emperor|Empress|Pope|Governor|Senator|Mayor|Judge|Chairman|Chairwoman|Director|Ambassador|Bishop|Archbishop|Cardinal|Professor|Dr|Mr|Mrs|Ms|Sir|Lord|Lady|Rev|Coach|Captain|Admiral|Commander|Speaker|Spokesman|Spokeswoman)\.?$/;
/** Lower-case words inside names: "Johann von Staupitz", "Charles de Gaulle". */
const PARTICLE = /^(von|van|der|den|de|del|della|di|da|du|la|le|bin|ibn|al)$/;

/**
 * "fell 508 points to 1738", "rose 2.1 pct from 1985": a four-digit figure that a change of so many units
 * reaches or leaves is a level, not a year (Reuters' index reports). "from 1738 to 1746" has no unit before it.
 */
function levelAfterChange(tokens: Token[], at: number): boolean {
  return /^(to|from|at)$/i.test(tokens[at - 1]?.text ?? '') && LEVEL_UNIT.test(tokens[at - 2]?.text ?? '');
}
const LEVEL_UNIT = /^(points?|pct|percent|%|cts|cents|dlrs|dollars|yen|marks|francs|pounds|stg)$/i;

/** Parses a sentence and lists its candidate answer spans (deduplicated by offsets). */
export function parseSentence(text: string): ParsedSentence {
  const { tokens, entities } = tokensOf(text);
  const spans: Span[] = [];
  const seen = new Set<string>();
  const add = (from: number, to: number, kind: SpanKind) => {
    // "this month" is a date; "month" alone is not.
    const keeps = (t: Token) => t.text === '$' || (kind === 'date' && /^(this|that|next|last)$/i.test(t.text));
    while (from < to && ['DET', 'PUNCT', 'CCONJ', 'SCONJ', 'ADP', 'PART'].includes(tokens[from]!.pos) && !keeps(tokens[from]!)) from++;
    while (to > from && ['PUNCT', 'CCONJ', 'ADP', 'DET', 'PART'].includes(tokens[to - 1]!.pos) && !/^[%)]$/.test(tokens[to - 1]!.text))
      to--;
    if (to <= from || to - from > 10) return;
    // A year is a date, whichever way wink found it ("1963" as a cardinal, "1201" in a history),
    // and so is a span of years ("1524–25", "1939-1945").
    if (
      kind === 'number' &&
      isYear(tokens[from]!.text) &&
      (to - from === 1 || (to - from === 3 && /^[–-]$/.test(tokens[from + 1]!.text))) &&
      !levelAfterChange(tokens, from)
    )
      kind = 'date';
    // A decade is a date, and so is its part: "the 1870s", "the late 1870s" (wink: a number, a noun phrase).
    if (DECADE.test(tokens[to - 1]!.text) && tokens.slice(from, to - 1).every((t) => /^(early|mid|late)$/i.test(t.text))) kind = 'date';
    // wink calls "1368–1644" and "since July 6, 2009" durations: with a year or month and no unit, a date.
    if (
      kind === 'duration' &&
      tokens.slice(from, to).some((t) => isYear(t.text) || MONTHS.test(t.text)) &&
      !tokens.slice(from, to).some((t) => UNIT.test(t.text))
    )
      kind = 'date';
    const key = `${from}:${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    const start = tokens[from]!.start;
    const end = tokens[to - 1]!.end;
    spans.push({ text: text.slice(start, end), start, end, from, to, kind });
    if (kind !== 'date' || to - from < 2) return;
    // "When did Luther die?" is answered by one side of "10 November 1483 – 18 February 1546", and
    // "What year did Tesla die?" by the year of "7 January 1943".
    const dash = tokens.slice(from, to).findIndex((t) => isRangeWord(t.text));
    if (dash > 0) {
      add(from, from + dash, 'date');
      // …but not the "25" of "1524–25".
      if (to - from - dash > 2 || isYear(tokens[to - 1]!.text)) add(from + dash + 1, to, 'date');
    }
    for (let y = from; y < to; y++) if (isYear(tokens[y]!.text)) add(y, y + 1, 'date');
  };

  // A figure with its scale ("$2.5bn", "two dozen", "5.6 million"): the scale is part of the number.
  const SCALE = /^(bn|billion|mn|m|million|trillion|tn|thousand|hundred|dozen|dozens|k)$/i;
  const QUALIFIER = /^(nearly|almost|about|around|roughly|approximately|some|over|under)$/i;
  const figure = (from: number, to: number, kind: SpanKind) => {
    // "£304m", "€2.5bn": wink leaves the currency sign out of the figure ($ excepted).
    if (/^[£€¥₹$]$/.test(tokens[from - 1]?.text ?? '')) {
      from--;
      kind = 'money';
    }
    const extend = (at: number) => {
      while (tokens[at] && (SCALE.test(tokens[at]!.text) || (tokens[at]!.pos === 'NUM' && tokens[at - 1]?.pos === 'NUM'))) at++;
      return at;
    };
    to = extend(to);
    add(from, to, kind);
    // wink may take the qualifier into the figure ("approximately 80"): the bare figure is a candidate too.
    if (QUALIFIER.test(tokens[from]?.text ?? '') && tokens[from + 1]?.pos === 'NUM') add(from + 1, to, kind);
    // A range is one answer: "10 to 15 million", "50% to 60%", "1368–1644".
    if (isRangeWord(tokens[to]?.text ?? '') && tokens[to + 1]?.pos === 'NUM') {
      let end = extend(to + 2);
      if (tokens[end]?.text === '%') end++;
      add(from, end, kind);
      // …with its unit: "2–3 years", "7 to 10 percent", "300–600 nanometers".
      if (UNIT.test(tokens[end]?.text ?? '')) add(from, end + 1, kind);
    }
    if (tokens[to]?.text === '%' && isRangeWord(tokens[to + 1]?.text ?? '') && tokens[to + 2]?.pos === 'NUM')
      add(from, tokens[to + 3]?.text === '%' ? to + 4 : to + 3, kind);
    // …and so is a figure with its unit.
    if (UNIT.test(tokens[to]?.text ?? '')) add(from, to + 1, kind);
    // "nearly two dozen", "more than 10": the qualified figure is a candidate too.
    let q = from;
    if (QUALIFIER.test(tokens[q - 1]?.text ?? '')) q--;
    else if (/^than$/i.test(tokens[q - 1]?.text ?? '') && /^(more|less|fewer)$/i.test(tokens[q - 2]?.text ?? '')) q -= 2;
    if (q !== from && !seen.has(`${q}:${to}`)) {
      seen.add(`${q}:${to}`);
      spans.push(spanOf(q, to, kind));
    }
  };
  const spanOf = (from: number, to: number, kind: SpanKind): Span => {
    const start = tokens[from]!.start;
    const end = tokens[to - 1]!.end;
    return { text: text.slice(start, end), start, end, from, to, kind };
  };

  // Entities, with the pieces of one date joined: "March" "1-2" "," "2024" → "March 1-2, 2024".
  const ents = entities.map((x) => ({ kind: ENTITY_KIND[x.type], from: x.span[0], to: x.span[1] + 1 })).filter((x) => x.kind);
  for (let i = 0; i < ents.length; i++) {
    const ent = ents[i]!;
    let to = ent.to;
    if (ent.kind === 'date') {
      for (;;) {
        const next = tokens[to];
        if (next && next.pos === 'NUM') to++;
        else if (next && /^[–-]$/.test(next.text) && tokens[to + 1]?.pos === 'NUM') to += 2;
        // "March 1, 2024" goes on to its year; "in 2001, 16 countries …" ends at its year.
        else if (next?.text === ',' && isYear(tokens[to + 1]?.text ?? '') && !isYear(tokens[to - 1]!.text)) to += 2;
        else break;
      }
      // "June and July 2023" is one date; "1948 and several years later" is two.
      const joins = (next: { from: number }) =>
        next.from <= to || tokens[to]?.pos !== 'CCONJ' || tokens[next.from]!.pos === 'NUM' || MONTHS.test(tokens[next.from]!.text);
      while (ents[i + 1] && ents[i + 1]!.kind === 'date' && ents[i + 1]!.from <= to + 1 && joins(ents[i + 1]!))
        to = Math.max(to, ents[++i]!.to);
    }
    if (ent.kind === 'number' || ent.kind === 'money' || ent.kind === 'percent') figure(ent.from, to, ent.kind);
    else if (ent.kind === 'date' && to === ent.from + 1 && /^\d+\.\d+$/.test(tokens[ent.from]!.text)) {
      // wink's "1844.97" (the Dow "plunged to 1844.97") as a date: a decimal is a figure.
      figure(ent.from, to, 'number');
    } else if (ent.kind === 'date' && isYear(tokens[ent.from]!.text) && levelAfterChange(tokens, ent.from)) {
      // wink's "1738 on Monday" after "fell 508 points to": the level, and the day by itself.
      figure(ent.from, ent.from + 1, 'number');
      if (to > ent.from + 1) add(ent.from + 1, to, 'date');
      continue;
    } else add(ent.from, to, ent.kind!);
    if (to !== ent.to) add(ent.from, ent.to, ent.kind!);
  }

  // Noun phrases: maximal runs of adjectives, nouns, names and numbers (a possessive 's and hyphens kept).
  const runs: Array<[number, number]> = [];
  // A word between hyphens with no space is inside one compound, whatever its tag: "brick-and-mortar".
  const hyphenated = (k: number) =>
    /^[-–]$/.test(tokens[k - 1]?.text ?? '') &&
    /^[-–]$/.test(tokens[k + 1]?.text ?? '') &&
    tokens[k - 1]!.end === tokens[k]!.start &&
    tokens[k]!.end === tokens[k + 1]!.start;
  for (let i = 0; i < tokens.length; ) {
    if (!NP_POS.has(tokens[i]!.pos)) {
      i++;
      continue;
    }
    let j = i;
    while (
      j < tokens.length &&
      (NP_POS.has(tokens[j]!.pos) ||
        (tokens[j]!.pos === 'PART' && /^['’]s?$/.test(tokens[j]!.text)) ||
        (j > i && hyphenated(j)) ||
        (/^[-–]$/.test(tokens[j]!.text) && j > i && (NP_POS.has(tokens[j + 1]?.pos ?? '') || hyphenated(j + 1))))
    )
      j++;
    runs.push([i, j]);
    i = j;
  }
  for (const [from, to] of runs) {
    const proper =
      !PARTICLE.test(tokens[from]!.text) &&
      tokens
        .slice(from, to)
        .every(
          (t) => t.pos === 'PROPN' || t.pos === 'PART' || /^[-–]$/.test(t.text) || PARTICLE.test(t.text) || (isCap(t) && t.pos !== 'NUM'),
        );
    const allNum = tokens.slice(from, to).every((t) => t.pos === 'NUM');
    if (allNum) {
      if (isYear(tokens[from]!.text) && to - from === 1 && !levelAfterChange(tokens, from)) add(from, to, 'date');
      else figure(from, to, 'number');
      continue;
    }
    if (MONTHS.test(tokens[from]!.text) && tokens.slice(from + 1, to).every((t) => t.pos === 'NUM')) {
      add(from, to, 'date');
      continue;
    }
    add(from, to, proper ? 'proper' : 'noun');
    // Names inside a longer phrase: "Foreign Minister Sergey Lavrov" → "Sergey Lavrov" too.
    let lastName = -1; // where the name that ends the phrase starts ("special guest performers Beyoncé")
    for (let i = from; i < to; ) {
      if (tokens[i]!.pos !== 'PROPN') {
        i++;
        continue;
      }
      let j = i;
      while (j < to && tokens[j]!.pos === 'PROPN') j++;
      if (i !== from || j !== to) add(i, j, 'proper');
      if (j - i >= 3) add(j - 2, j, 'proper'); // a title before a two-word name
      // …and the whole name after a title: "Costa Rican President José María Figueres".
      for (let t = j - 2; t >= i; t--)
        if (TITLE.test(tokens[t]!.text)) {
          add(t + 1, j, 'proper');
          break;
        }
      if (j === to) lastName = i;
      i = j;
    }
    const after = tokens[to];
    const nextRun = runs.find((r) => r[0] === to + 1);
    const capitalRun = (r: [number, number] | undefined): r is [number, number] =>
      r !== undefined && tokens.slice(r[0], r[1]).every((t) => isCap(t) || /^[-–]$/.test(t.text));
    // "X of Y": the phrase carried across "of" ("the Duke of Normandy", "the Palace of Culture and Science").
    if (after && after.text.toLowerCase() === 'of' && nextRun) {
      const named = proper && isCap(tokens[nextRun[0]]!);
      add(from, nextRun[1], named ? 'proper' : 'noun');
      const andRun = runs.find((r) => r[0] === nextRun[1] + 1);
      if (named && /^(and|&)$/i.test(tokens[nextRun[1]]?.text ?? '') && capitalRun(andRun)) add(from, andRun[1], 'proper');
    }
    // "the Museum of the Moving Image", "the Bank of the United States": across "of the" too.
    const afterThe = runs.find((r) => r[0] === to + 2);
    if (proper && after?.text.toLowerCase() === 'of' && tokens[to + 1]?.text.toLowerCase() === 'the' && capitalRun(afterThe))
      add(from, afterThe[1], 'proper');
    // "Paul Marin de la Malgue", "Charles de Gaulle": a name carried across lower-case particles (which
    // the tagger reads as any part of speech, "la" as a noun, so they break the run).
    if (proper) {
      let k = to;
      while (k < to + 2 && PARTICLE.test(tokens[k]?.text ?? '')) k++;
      let end = k;
      while (end < k + 3 && tokens[end]?.pos === 'PROPN' && isCap(tokens[end]!)) end++;
      if (k > to && end > k) add(from, end, 'proper');
    }
    // "defeated west of Kashgar": a place told by its direction from a name ("Where was … defeated?").
    const direction = tokens[from - 2];
    if (proper && tokens[from - 1]?.text.toLowerCase() === 'of' && direction && DIRECTION.test(direction.text)) add(from - 2, to, 'noun');
    // "William Hanna and Joseph Barbera", "Caris & Co.", "performers Beyoncé and Bruno Mars": two names
    // joined are one answer to "who".
    const nameFrom = proper ? from : lastName;
    if (nameFrom >= 0 && after && /^(and|&)$/i.test(after.text) && capitalRun(nextRun)) add(nameFrom, nextRun[1], 'proper');
    // "William the Conqueror", "Richard the Lion-Heart": a first name with its epithet.
    if (
      nameFrom === to - 1 &&
      after?.text === 'the' &&
      capitalRun(nextRun) &&
      nextRun[1] - nextRun[0] <= 3 &&
      tokens.slice(nextRun[0], nextRun[1]).some((t) => t.pos === 'PROPN')
    )
      add(nameFrom, nextRun[1], 'proper');
    // The head without its first modifier: "Denver Broncos" inside "AFC champion Denver Broncos" is covered
    // above; "the 2015 season" → "2015" below; the last two words of a long common phrase.
    if (!proper && to - from >= 3) add(to - 2, to, 'noun');
    const numIdx = tokens.slice(from, to).findIndex((t) => t.pos === 'NUM');
    if (numIdx >= 0 && from + numIdx !== from) add(from + numIdx, to, 'number');
  }
  return { text, tokens, spans };
}

/**
 * The index of the verb tokens [from, to) belong to: the nearest within `reach` tokens, the left one first
 * on a tie ("was founded in 1891"); with `clauseBreak`, not across one. -1 when none.
 */
export function nearestVerb(tokens: Token[], from: number, to: number, reach: number, clauseBreak?: RegExp): number {
  for (let d = 1; d <= reach; d++) {
    for (const i of [from - d, to - 1 + d]) {
      if (tokens[i]?.pos !== 'VERB') continue;
      const between = i < from ? tokens.slice(i + 1, from) : tokens.slice(to, i);
      if (!clauseBreak || !between.some((b) => clauseBreak.test(b.text))) return i;
    }
  }
  return -1;
}
