// The direct answer to a factoid question: the name, date or figure that the best sentences give for
// what was asked ("Who is Turkey's foreign minister?" → "Hakan Fidan"), found among the candidate spans
// that wink-nlp marks in those sentences (src/answer/spans.ts) and ranked by a linear model over named
// features whose weights are fitted on SQuAD (eval/fit-lead-weights.ts, data/answer-weights.json "lead").
import { foldForMatch, STOPWORDS, stem, tokenize } from '../shared/text.ts';
import { answerType, countedWord } from './answer-type.ts';
import { adjectivesOf, placesOf } from '../shared/demonyms.ts';
import { answerWeights, type Features, type LinearModel, linear, sigmoid, softmax } from './model.ts';
import { ofNewestDate, type ScoredSentence } from './score.ts';
import { BEFORE_ARTICLE, byArticleDate, PLANNED, tenseAt, WILL } from './relative-date.ts';
import { askedOffices, holdsOffice, isOffice, ROLE_WORDS } from './roles.ts';
import { isMonth, isRangeWord, nearestVerb, type ParsedSentence, parseSentence, type Span, type SpanKind, type Token } from './spans.ts';
import { questionYears } from '../retrieve/time.ts';
import { hasYear, yearsIn } from '../shared/years.ts';
import { cosine } from '../shared/vector.ts';

/** The kind of thing a factoid question asks for, and how fine a date it wants. */
export interface Wanted {
  /** Names the question type in feature names ("lw:where|in"). */
  key: 'who' | 'where' | 'what' | 'when' | 'month' | 'year' | 'count' | 'amount' | 'duration';
  kinds: SpanKind[];
  /** "In which month …": a month; "in which year": a year; "what day of the week": a weekday. */
  grain: 'month' | 'year' | 'weekday' | null;
  /** "Who", "where" and "which …" want a name or a noun phrase: a demonym or a role word ("Turkish",
   * "Minister") is no name, and a name must be capitalised. */
  name: boolean;
  /** The kind a "which …" / "what …" question names (askedKind), when that is what made it factoid. */
  askedKind?: string;
}

export interface Lead {
  sentence: ScoredSentence;
  span: Span;
  /** What the answer states: the span's words, or the place of "a Russian-mediated truce" (agentOf). */
  text: string;
  /** The confidence model's estimate that it is the answer (its expected token F1). */
  probability: number;
  /** How it is shown: 'bold' when sure enough (probability ≥ the fitted lead threshold), 'possibly' when
   * likely enough to be offered as "Possibly **X**" (≥ the tentative threshold), else null: its sentence is
   * still the one most likely to hold the answer, and is worth quoting. */
  shown: 'bold' | 'possibly' | null;
}

/** "Who is Recep Tayyip Erdogan?", "Who was Cavusoglu?": a name asked about as a whole question. */
const WHO_IS_NAMED = /^[Ww]ho(?:\s+(?:is|was|are|were)\s+|['’]s\s+)(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*)\s*\?*$/u;

/** The same typed all in lower case ("who is erdogan?"), where only the words' kind tells a name. */
const WHO_IS_NAMED_LOWER = /^who(?:\s+(?:is|was|are|were)\s+|['’]s\s+)([\p{Ll}.'’-]+(?:\s+[\p{Ll}.'’-]+){0,3})\s*\?*$/u;

/**
 * "Who is Erdogan?", not "Who is Turkey's President?" (an office, capitalised): its words name no office.
 * Typed in lower case, the words must also be nouns to the tagger and no common words: "who is erdogan?"
 * (answered "**Vladimir Putin**", the other name of the best sentence, before), not "who is the
 * president?", "who was killed?", "who is responsible?" or "who is next?", which ask for a name.
 */
function asksWhoNamed(question: string): boolean {
  const q = question.trim();
  const lower = !/\p{Lu}/u.test(q);
  const name = (lower ? WHO_IS_NAMED_LOWER : WHO_IS_NAMED).exec(q)?.[1];
  const words = name?.split(/\s+/) ?? [];
  if (!words.length || words.some((w) => /['’]s$/.test(w) || ROLE_WORDS.test(w) || isOffice(w) || (lower && STOPWORDS.has(w))))
    return false;
  if (!lower) return true;
  const named = new Set(words);
  return parseSentence(q).tokens.every((t) => !named.has(t.text) || t.pos === 'NOUN' || t.pos === 'PROPN');
}

/** What a question wants as its direct answer, or null for questions answered by sentences (why, how, what …). */
export function wantedAnswer(question: string): Wanted | null {
  // "Who is Erdogan?" asks what he is, not for another name: the sentences that give his title answer it.
  if (asksWhoNamed(question)) return null;
  const q = question.toLowerCase();
  if (/\bday of the week\b/.test(q)) return { key: 'when', kinds: ['date'], grain: 'weekday', name: false };
  if (/\b(which|what) month\b/.test(q)) return { key: 'month', kinds: ['date'], grain: 'month', name: false };
  if (/\b(which|what) year\b/.test(q)) return { key: 'year', kinds: ['date'], grain: 'year', name: false };
  if (/\bhow long\b(?! ago)/.test(q)) return { key: 'duration', kinds: ['duration', 'number'], grain: null, name: false };
  if (/\bhow much\b/.test(q)) return { key: 'amount', kinds: ['money', 'number', 'percent'], grain: null, name: false };
  switch (answerType(question)) {
    case 'number':
      return { key: 'count', kinds: ['number', 'money', 'percent'], grain: null, name: false };
    case 'date':
      return { key: 'when', kinds: ['date'], grain: null, name: false };
    case 'person':
      // Names, and common nouns: SQuAD answers some "who" with one ("the nobles", "the city council") and
      // "where" too ("the sidelines"); the ranker learns what a noun is worth by question type (kind:who|noun),
      // and the confidence model reads how sure the best span is among those of its kind (pKind), so that
      // "the robust nature of bilateral contacts" beside "Vladimir Putin" does not keep the name out of bold.
      // Held-out, right paragraph given: every question answered F1 57.8 → 60.2.
      return { key: 'who', kinds: ['proper', 'noun'], grain: null, name: true };
    case 'place':
      return { key: 'where', kinds: ['proper', 'noun'], grain: null, name: true };
    default: {
      // "Which pipeline …?", "What company owns ABC?": a thing of the kind named, answered by a name or a
      // noun phrase like "who" ("TurkStream Gas Pipeline", "The Walt Disney Company").
      const kind = askedKind(question);
      // A place's kind ("What resort city …?") is asked as a thing of its kind too, with its own weights:
      // as a *where* question it moved the *where* weights, and "Where will Sergey Lavrov meet Hakan Fidan?"
      // offered "Russia" (the subject of the sentence) instead of "Antalya Diplomacy Forum".
      return kind ? { key: 'what', kinds: ['proper', 'noun'], grain: null, name: true, askedKind: kind } : null;
    }
  }
}

/**
 * The kind of thing a "which …" / "what …" question names ("Which pipeline do Russia and Turkey operate?" →
 * pipeline), or null: not "What is …", "What did …", "What kind of …" (what they ask is said by sentences).
 */
export function askedKind(question: string, parsed?: Token[]): string | null {
  // Most "what" questions are "What is / did / happened …": told by the word after it, before any parse.
  const m = /\b(?:which|what)\s+([a-z]+)\b/i.exec(question);
  if (!m || NOT_A_KIND.test(m[1]!)) return null;
  const tokens = parsed ?? parseSentence(question).tokens;
  // Not a relative "which" ("the deal, which Turkey signed, …").
  const wh = tokens.findIndex((t, i) => /^(which|what)$/i.test(t.text) && tokens[i - 1]?.text !== ',');
  if (wh < 0 || NOT_A_KIND.test(tokens[wh + 1]?.text ?? '')) return null;
  // The head of the words naming the kind: "What resort *city* did …", "Which NATO *member* bought …"; none
  // when no noun follows ("What prompted the meeting?").
  let head: Token | undefined;
  for (let i = wh + 1; i < tokens.length && ['NOUN', 'PROPN', 'ADJ'].includes(tokens[i]!.pos); i++)
    if (tokens[i]!.pos === 'NOUN') head = tokens[i]!;
  if (!head || !/^\p{L}+$/u.test(head.text)) return null;
  // A plural asks for a list ("What topics will be discussed?", "What two networks …"): sentences answer it.
  // By its lemma: "crisis", "news" and "gas" are no plurals.
  if (head.lemma.toLowerCase() !== head.text.toLowerCase() && /s$/i.test(head.text)) return null;
  return head.text.toLowerCase();
}

const NOT_A_KIND =
  /^(is|was|are|were|be|been|did|does|do|has|had|have|can|could|would|will|should|may|might|must|kind|type|sort|else|about|if|of|happened|made|caused|led|this|that|it|he|she|they|we|you|i|the|a|an|one|two|three|four|five|six|seven|eight|nine|ten|extent|way|ways|reason|reasons|purpose|degree|manner)$/i;

const WEEKDAY = /^(mon|tues|wednes|thurs|fri|satur|sun)days?$/i;

/**
 * The place a compound names as the doer: "a Russian-mediated truce", "the Saudi-led coalition". "Who
 * mediated the truce?" is answered by Russia, though "Russian" alone answers no "who". Null for other spans.
 */
function agentOf(tokens: Token[], span: Span): string | null {
  if (span.to - span.from !== 1 || tokens[span.to]?.text !== '-' || !/^\p{L}+ed$/u.test(tokens[span.to + 1]?.text ?? '')) return null;
  const place = placesOf(foldForMatch(tokens[span.from]!.text))[0];
  return place ? place.replace(/\b\p{L}/gu, (c) => c.toUpperCase()) : null;
}

function fits(span: Span, parsed: ParsedSentence, wanted: Wanted): boolean {
  // "What day of the week …?": "Sundays" is a proper noun to the tagger.
  if (wanted.key === 'when' && WEEKDAY.test(span.text)) return true;
  if (wanted.grain === 'weekday') return false;
  if (!wanted.kinds.includes(span.kind)) return false;
  if (wanted.grain === 'month' && !parsed.tokens.slice(span.from, span.to).some((t) => isMonth(t.text))) return false;
  if (wanted.grain === 'year' && !hasYear(span.text)) return false;
  if (wanted.name && span.kind === 'proper') {
    const tokens = parsed.tokens.slice(span.from, span.to);
    if (tokens.every((t) => t.pos === 'ADJ' || placesOf(foldForMatch(t.text)).length > 0) && !agentOf(parsed.tokens, span)) return false;
    if (ROLE_WORDS.test(tokens.at(-1)!.text) || ROLE_WORDS.test(tokens[0]!.text)) return false;
    if (!/^\p{Lu}/u.test(span.text)) return false;
  }
  return true;
}

/** The places a word names, as a place ("Turkey") or as its adjective ("Turkish"); folded. */
function placeOf(word: string): string[] {
  const w = foldForMatch(word).replace(/['’]s$/, '');
  const asAdjective = placesOf(w);
  if (asAdjective.length) return asAdjective;
  return adjectivesOf(w).length ? [w] : [];
}

interface QuestionWords {
  stems: Set<string>;
  /** What a "how many" / "how much" question counts ("how many phone talks" → phone), stemmed. */
  counted: string | null;
  /** Its verbs ("meet" in "Where will Lavrov meet Fidan?"): the answer is often told right beside them. */
  verbs: Set<string>;
  /** The places the question is about ("Turkey's foreign minister" → turkey, turkiye, ankara). */
  places: Set<string>;
  /** The question's distinct content words, stemmed. */
  content: Set<string>;
  /** It asks about a statement ("When did Lavrov say …?"). */
  saying: boolean;
  /** It asks when someone was born or died: one side of "Joseph Schumpeter (1883–1950)" answers it. */
  life: 'born' | 'died' | null;
  /** The offices it asks for by name ("Who is Russia's president?" → president). */
  offices: Set<string>;
  /** It asks what will happen ("When will the council meet?"). */
  future: boolean;
  /** The kind a "which …" / "what …" question names ("Which pipeline …" → pipeline), stemmed. */
  kind: string | null;
  /** The part its answer plays in the act asked about (askedRole). */
  role: Role;
  /** The years it names ("Who created the 2005 theme?"). */
  years: string[];
}

function questionWords(question: string): QuestionWords {
  const words = question.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const parsed = parseSentence(question);
  const counted = countedWord(question);
  const kind = askedKind(question, parsed.tokens);
  return {
    stems: new Set(tokenize(question).map(stem)),
    counted: counted ? stem(counted) : null,
    verbs: new Set(
      parsed.tokens
        .filter((t) => t.pos === 'VERB' && !/^(do|does|did|be|is|are|was|were|have|has|had)$/i.test(t.text))
        .map((t) => stem(t.lemma)),
    ),
    // Capitalised words, or any word of a question typed all in lower case ("who is the president of turkey?").
    places: new Set(words.filter((w) => /^\p{Lu}/u.test(w) || !/\p{Lu}/u.test(question)).flatMap(placeOf)),
    offices: askedOffices(parsed.tokens),
    future: asksFuture(parsed.tokens),
    kind: kind ? stem(kind) : null,
    role: askedRole(parsed.tokens),
    years: questionYears(question),
    saying: parsed.tokens.some((t) => t.pos === 'VERB' && SAYING.test(t.lemma)),
    // A person's birth or death ("gave birth to" him too), not "the Black Death", "the Dead Sea" or "the birth rate".
    life: /\bborn\b|\b(\w+['’]s|his|her) birth\b|\b(give|gave|given|giving) birth\b/i.test(question)
      ? 'born'
      : /\b(die|died|dies)\b|\b(\w+['’]s|his|her) death\b/i.test(question)
        ? 'died'
        : null,
    content: new Set(
      tokenize(question)
        .filter((t) => !STOPWORDS.has(t))
        .map(stem),
    ),
  };
}

/**
 * Who did what to whom, as far as part-of-speech tags tell it (wink-nlp parses no dependencies): the doer
 * of the act ('agent', "Fidan" of "Fidan invited Lavrov" and of "Lavrov was invited by Fidan"), the one it
 * is done to ('patient', "Lavrov" of both), or neither known ('none'). "Who invited Lavrov?" wants the
 * agent and "Who did Fidan invite?" the patient, and a sentence naming both answers them by its word order.
 */
type Role = 'agent' | 'patient' | 'none';

const BE = /^(is|are|was|were|be|been|being|am|['’]s|['’]re)$/i;

/** A participle one or two words after a form of "be": "was founded", "has been invited", "was also invited";
 * the helper must be one ("Switzerland's Federer defeated …": that "'s" is a possessive), and a word between
 * them a helper or an adverb. */
function passiveAt(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  const word = t.text.toLowerCase();
  const be = (k: number) => tokens[k]?.pos === 'AUX' && BE.test(tokens[k]!.text);
  const between = tokens[i - 1] !== undefined && ['ADV', 'AUX', 'PART'].includes(tokens[i - 1]!.pos);
  return word !== t.lemma.toLowerCase() && !/(ing|s)$/.test(word) && (be(i - 1) || (between && be(i - 2)));
}

/** Verbs that report an act rather than name it: "was thought to have killed", "is said to have founded". */
const RAISING = /^(think|say|believe|expect|know|report|consider|suppose|allege|rumou?r|seem|appear|claim)$/i;

/** The verb at i reports the act of the verb after its "to". */
const reports = (tokens: Token[], i: number): boolean => RAISING.test(tokens[i]!.lemma) && tokens[i + 1]?.text.toLowerCase() === 'to';

/** The role a who / what / which question asks for: "Who founded …?", "What company owns …?" its agent
 * (the question word is the subject), and so "Who was the first player to defeat …?", "Who is the president
 * that signed …?"; "Who did … meet?" its patient; "Who was … founded by?" the agent again. 'none' without a
 * main verb ("Who is Russia's president?") or when it cannot tell ("What was … called?"). */
function askedRole(tokens: Token[]): Role {
  const wh = tokens.findIndex((t) => /^(who|whom|what|which|whose)$/i.test(t.text));
  if (wh < 0) return 'none';
  const verb = tokens.findIndex((t, i) => i > wh && t.pos === 'VERB' && !/^(do|does|did)$/i.test(t.text));
  if (verb < 0) return 'none';
  // "Who was thought to have killed …?", "Who is said to have founded …?": the act is the verb after "to",
  // and the question word its doer (or, "… to have been killed", the one it was done to).
  // Only with the question word as the reporting verb's subject: "Who did X claim to have hired?" asks for
  // the one hired.
  const helpersOnly = tokens.slice(wh + 1, verb).every((t) => ['AUX', 'PART', 'ADV'].includes(t.pos) && !/^(do|does|did)$/i.test(t.text));
  if (helpersOnly && reports(tokens, verb)) {
    const act = tokens.findIndex((t, i) => i > verb + 1 && t.pos === 'VERB');
    if (act >= 0) return passiveAt(tokens, act) ? 'patient' : 'agent';
  }
  // The words naming the kind ("What *resort city* did …") belong to the question word.
  let from = wh + 1;
  if (!/^(who|whom)$/i.test(tokens[wh]!.text)) while (from < verb && ['NOUN', 'PROPN', 'ADJ'].includes(tokens[from]!.pos)) from++;
  const between = tokens.slice(from, verb);
  const subject = between.every((t) => ['AUX', 'PART', 'ADV'].includes(t.pos) && !/^(do|does|did)$/i.test(t.text));
  const passive = passiveAt(tokens, verb);
  if (subject) return passive ? 'patient' : 'agent';
  // "Who was the first player *to* defeat …", "Who is the president *that* signed …": the question word is
  // the one who did it.
  const described = BE.test(between[0]?.text ?? '') && /^(to|that|who|which)$/i.test(tokens[verb - 1]?.text ?? '');
  if (described) return passive ? 'patient' : 'agent';
  if (passive) return tokens.slice(verb + 1).some((t) => /^by$/i.test(t.text)) ? 'agent' : 'none';
  // "Who did Fidan invite?", "What has Turkey bought?": a helper, its subject, then the verb.
  return between[0]?.pos === 'AUX' ? 'patient' : 'none';
}

/** The role a span plays for the question's verb nearest to it in its sentence: before it the subject
 * (the agent, or the patient of a passive), after it the object, or after a passive's "by" the agent. */
function spanRole(tokens: Token[], span: Span, qw: QuestionWords): Role {
  let verb = -1;
  let distance = Number.POSITIVE_INFINITY;
  tokens.forEach((t, i) => {
    // The reported act, not the reporting verb: "Federer was thought to have defeated Nadal" (as askedRole).
    if ((i >= span.from && i < span.to) || t.pos !== 'VERB' || !qw.verbs.has(stem(t.lemma)) || reports(tokens, i)) return;
    const d = i < span.from ? span.from - i : i - span.to + 1;
    if (d < distance) [verb, distance] = [i, d];
  });
  if (verb < 0) return 'none';
  const passive = passiveAt(tokens, verb);
  if (verb >= span.to) return passive ? 'patient' : 'agent';
  if (/^by$/i.test(tokens[span.from - 1]?.text ?? '')) return passive ? 'agent' : 'none';
  return passive ? 'none' : 'patient';
}

/** Verbs of saying: news dates its statements ("said on Tuesday"), and that date answers only "when did … say". */
const SAYING =
  /^(say|tell|state|announce|report|add|note|confirm|claim|declare|write|comment|explain|emphasi[sz]e|stress|insist|quote|express)$/;

/** The date is the one a statement was made on: "stated on Wednesday", "said Tuesday". */
function saidOn(tokens: Token[], span: Span): boolean {
  const before = tokens[span.from - 1];
  const verb = before && /^(on|in|last|this)$/i.test(before.text) ? tokens[span.from - 2] : before;
  return verb !== undefined && verb.pos === 'VERB' && SAYING.test(verb.lemma);
}

/**
 * The span tells of a past act where a question asks about the future: "The diplomats met Tuesday to …
 * prepare for a meeting of the presidents" does not say when the council will meet, nor "Cavusoglu visited
 * Russia on 29 December 2020" (the article's own day) or "last year" when it will. A date, by a past verb
 * it belongs to, a word pointing back, or a period ending by its article's day; another span, by a past
 * form of the verb asked ("Where will they meet?" is not answered by where they met). A date whose own
 * verb is to come ("will be held", "scheduled for") is never one.
 */
function pastAct({ tokens, spans }: ParsedSentence, span: Span, qw: QuestionWords, articleDate: string | null): boolean {
  // As far as a weekday's verb is looked for (relative-date.ts), within the clause: "visited Russian
  // Federation on 29 December 2020".
  const at = nearestVerb(tokens, span.from, span.to, 6, CLAUSE_BREAK);
  const verb = tokens[at];
  // "will be held on 1 March 2021" (the article's own day), "scheduled for March 3": still to come.
  if (verb && (PLANNED.test(verb.text) || tenseAt(tokens, at) === 'future')) return false;
  if (span.kind === 'date' && BEFORE_ARTICLE.test(span.text)) return true;
  // The whole date a part of it stands in: "2020" of "29 December 2020".
  const within = (o: Span) => o.kind === 'date' && o.from <= span.from && o.to >= span.to;
  if (span.kind === 'date' && spans.some((o) => within(o) && byArticleDate(o.text, articleDate))) return true;
  if (!verb) return false;
  if (span.kind !== 'date' && !qw.verbs.has(stem(verb.lemma))) return false;
  return tenseAt(tokens, at) === 'past';
}

/** Words of a coming event; with a future's helpers and a plan's words (relative-date.ts), words pointing ahead. */
const COMING = /^(upcoming|forthcoming|next|future|later|soon|coming|tomorrow)$/i;
const pointsAhead = (t: Token): boolean => WILL.test(t.text) || PLANNED.test(t.text) || COMING.test(t.text);

/** The question asks what will happen: its first verb is "will" / "shall" ("When will the council meet?"),
 * or "going to" follows it; not "When did Lavrov say Russia will supply …?" nor "the will of voters". */
function asksFuture(tokens: Token[]): boolean {
  const first = tokens.findIndex((t) => t.pos === 'AUX' || t.pos === 'VERB');
  if (first < 0) return false;
  const text = (i: number) => tokens[i]?.text.toLowerCase() ?? '';
  return /^(will|shall|'ll|’ll)$/.test(text(first)) || (text(first + 1) === 'going' && text(first + 2) === 'to');
}

/** The span is who made a statement: "Cavusoglu said …", "Russia has expressed …", "… , Lavrov said.", "said Lavrov". */
function speaks(tokens: Token[], span: Span): boolean {
  const saying = (t: Token | undefined) => t !== undefined && t.pos === 'VERB' && SAYING.test(t.lemma);
  let verb = span.to;
  while (tokens[verb]?.pos === 'AUX' && /^(has|have|had)$/i.test(tokens[verb]!.text)) verb++;
  // After "has" only a participle is a saying verb: "Russia has expressed …", but not "Turkey has claims
  // on …", which the tagger reads as the verb "claim".
  const participle = verb === span.to || /(ed|^said|^told|^written)$/i.test(tokens[verb]?.text ?? '');
  return (participle && saying(tokens[verb])) || (saying(tokens[span.from - 1]) && span.to === tokens.length - 1);
}

const dash = (t: Token | undefined) => t !== undefined && isRangeWord(t.text);
const numeric = (t: Token | undefined) => t !== undefined && (t.pos === 'NUM' || hasYear(t.text));
/** "1883–1950", "10 to 15 million": a dash or "to" inside the span. */
const isRange = (tokens: Token[], span: Span) => tokens.slice(span.from + 1, span.to - 1).some(dash);

/** Which side of a range the span is ("1883" of "1883–1950" the first), 'whole' for the range, null for neither. */
function rangeSide(tokens: Token[], span: Span): 'first' | 'last' | 'whole' | null {
  if (isRange(tokens, span)) return 'whole';
  if (dash(tokens[span.to]) && numeric(tokens[span.to + 1])) return 'first';
  if (dash(tokens[span.from - 1]) && numeric(tokens[span.from - 2])) return 'last';
  return null;
}

const CLAUSE_BREAK = /^[,;:()[\]–—]$/;

const inQuestion = (t: Token, qw: QuestionWords) => {
  const s = stem(foldForMatch(t.text));
  return qw.stems.has(s) || (t.pos !== 'NUM' && placeOf(t.text).some((p) => qw.places.has(p)));
};

/**
 * Features of one candidate span. Named so that the fitting script and this module share one
 * definition; the fitted weights decide what each is worth.
 */
export function spanFeatures(
  wanted: Wanted,
  span: Span,
  parsed: ParsedSentence,
  qw: QuestionWords,
  /** The sentence's score as a share of the best one's, the share of the question its passage holds, and the
   * sentence's own cosine to the question and weighted term share (score.ts). */
  shares: { sentence: number; passage: number; similarity: number; overlap: number },
  repeats: number,
  elsewhere = 0,
): Features {
  const tokens = parsed.tokens;
  // Distance in tokens from the span to the nearest question word outside it.
  let near = Number.POSITIVE_INFINITY;
  let matched = 0;
  tokens.forEach((t, i) => {
    if (i >= span.from && i < span.to) return;
    if (t.pos === 'PUNCT' || !inQuestion(t, qw)) return;
    matched++;
    near = Math.min(near, i < span.from ? span.from - i : i - span.to + 1);
  });
  let verbNear = 0;
  tokens.forEach((t, i) => {
    if (i >= span.from && i < span.to) return;
    if (t.pos !== 'VERB' && t.pos !== 'NOUN') return;
    if (!qw.verbs.has(stem(t.lemma))) return;
    verbNear = Math.max(verbNear, 1 / (i < span.from ? span.from - i : i - span.to + 1));
  });
  // The place a span is attributed to: the nearest place word within four tokens before it
  // ("his Turkish counterpart Hakan Fidan"), compared with the places the question asks about.
  let attributed = 0;
  if (qw.places.size) {
    // …or that the span opens with before a title: "US Secretary of State Mike Pompeo" is the US's, not the
    // Turkish foreign minister asked about (a place alone, "Russian Federation", is not attributed so).
    const own = tokens.slice(span.from, span.to);
    const scan =
      own.length > 2 && placeOf(own[0]!.text).length > 0 && own.slice(1, -1).some((t) => ROLE_WORDS.test(t.text))
        ? span.from
        : span.from - 1;
    for (let i = scan; i >= Math.max(0, span.from - 4); i--) {
      const places = placeOf(tokens[i]!.text);
      if (!places.length) continue;
      attributed = places.some((p) => qw.places.has(p)) ? 1 : -1;
      break;
    }
    if (attributed === 0) attributed = elsewhere;
  }
  // How much of the question surrounds the span: the SQuAD baseline's strongest features are the question
  // words matched in a window on each side of the candidate.
  const content = (t: Token | undefined) =>
    t !== undefined && t.pos !== 'PUNCT' && !STOPWORDS.has(t.text.toLowerCase()) && inQuestion(t, qw);
  const window = (from: number, to: number) => {
    const found = new Set<string>();
    for (let i = Math.max(0, from); i < Math.min(tokens.length, to); i++)
      if (content(tokens[i])) found.add(stem(foldForMatch(tokens[i]!.text)));
    return qw.content.size ? found.size / qw.content.size : 0;
  };
  // The clause the span stands in (between commas, semicolons, brackets and dashes): "Six of the seven lines
  // …" — the question's words in the span's own clause say more than those across a comma.
  let clauseFrom = span.from;
  while (clauseFrom > 0 && !CLAUSE_BREAK.test(tokens[clauseFrom - 1]!.text)) clauseFrom--;
  let clauseTo = span.to;
  while (clauseTo < tokens.length && !CLAUSE_BREAK.test(tokens[clauseTo]!.text)) clauseTo++;
  const length = span.to - span.from;
  // The words around the span, by question type: "in September" answers "when", "at the Forum" "where".
  // A title is a word of its own: "Foreign Minister Mevlut Cavusoglu" is a whole name after it, while a
  // span after another proper noun ("Mike" of "Mike Pompeo") is mostly a piece of a name.
  const word = (t: Token | undefined) =>
    !t
      ? '#edge'
      : ['ADP', 'DET', 'PUNCT', 'AUX', 'PART', 'CCONJ', 'SCONJ'].includes(t.pos)
        ? t.text.toLowerCase()
        : (t.pos === 'PROPN' || t.pos === 'NOUN') && ROLE_WORDS.test(t.text)
          ? '#title'
          : `#${t.pos}`;
  const k = wanted.key;
  // A span's place in a range ("1883–1950", "10 to 15 million"): a life's dates answer "born" by their first
  // side and "died" by their last, and neither by the whole range.
  const life = qw.life ?? 'other';
  const side = rangeSide(tokens, span);
  // A bracket right after a question word is about it: "Norman Angell (1872–1967)", "the Yassa (code)".
  let aside = 0;
  for (let i = span.from - 1; i >= Math.max(0, span.from - 6); i--) {
    const t = tokens[i]!.text;
    if (t === ')') break;
    if (t === '(') {
      aside = content(tokens[i - 1]) ? 1 : 0;
      break;
    }
  }
  // The verb the span belongs to, within its clause and four tokens. "The US earlier this month punished
  // Turkey for buying the S-400" dates the punishing, not the buying that "When did Turkey buy …?" asks about.
  const head: Token | undefined = tokens[nearestVerb(tokens, span.from, span.to, 4, CLAUSE_BREAK)];
  const ownVerb = head !== undefined && qw.verbs.has(stem(head.lemma));
  const askedVerbElsewhere =
    !ownVerb && tokens.some((t, i) => (i < span.from || i >= span.to) && t.pos === 'VERB' && qw.verbs.has(stem(t.lemma)));
  const role = spanRole(tokens, span, qw);
  const told = yearsIn(parsed.text);
  const x: Features = {
    verbOwn: ownVerb ? 1 : 0,
    verbOther: head !== undefined && askedVerbElsewhere ? 1 : 0,
    [`lw:${k}|${word(tokens[span.from - 1])}`]: 1,
    [`rw:${k}|${word(tokens[span.to])}`]: 1,
    [`len:${k}|${Math.min(length, 4)}`]: 1,
    [`kind:${k}|${span.kind}`]: 1,
    // "What country …?" is answered by a name more surely than "Where …?" ("in the stems").
    [`kindAsked:${k}|${span.kind}`]: qw.kind !== null ? 1 : 0,
    // "seven ministerial meetings" for "how many ministerial meetings", "Turkish counterpart Hakan Fidan":
    // a question word right beside the span names what the span is.
    [`rightQ:${k}`]: content(tokens[span.to]) || content(tokens[span.to + 1]) ? 1 : 0,
    [`leftQ:${k}`]: content(tokens[span.from - 1]) ? 1 : 0,
    // The kind a "which" question names, ending the span, right after it, or right before it (with "of"):
    // "TurkStream Gas *Pipeline*", "Citadel Broadcasting *company*", "the resort *city of* Sochi".
    [`named:${k}`]:
      qw.kind !== null &&
      [
        tokens[span.to - 1],
        tokens[span.to],
        tokens[span.from - 1],
        tokens[span.from - 1]?.text === 'of' ? tokens[span.from - 2] : undefined,
      ].some((t) => t && stem(foldForMatch(t.text)) === qw.kind)
        ? 1
        : 0,
    // …and the very thing a "how many" question counts.
    [`counts:${k}`]:
      qw.counted !== null && [tokens[span.to], tokens[span.to + 1]].some((t) => t && stem(foldForMatch(t.text)) === qw.counted) ? 1 : 0,
    // The sentence's subject ("Russia has expressed …") is its actor, rarely what "where" or "when" asks.
    [`subject:${k}`]: span.from <= 1 && ['VERB', 'AUX'].includes(tokens[span.to]?.pos ?? '') ? 1 : 0,
    [`place:${k}`]: tokens.slice(span.from, span.to).some((t) => placeOf(t.text).length > 0) ? 1 : 0,
    sentence: shares.sentence,
    passage: shares.passage,
    // The sentence's own measures (score.ts), beside its fitted score: its cosine to the question and the
    // weighted share of the question's terms it holds.
    similarity: shares.similarity,
    overlap: shares.overlap,
    near: Number.isFinite(near) ? 1 / near : 0,
    verbNear,
    adjacent: near === 1 ? 1 : 0,
    matched: tokens.length ? matched / tokens.length : 0,
    attributed: attributed > 0 ? 1 : 0,
    otherPlace: attributed < 0 ? 1 : 0,
    repeats: Math.log1p(repeats),
    winL3: window(span.from - 3, span.from),
    winR3: window(span.to, span.to + 3),
    win8: window(span.from - 8, span.to + 8),
    winL8: window(span.from - 8, span.from),
    winR8: window(span.to, span.to + 8),
    clause: window(clauseFrom, clauseTo),
    [`aside:${k}`]: aside,
    // The span's part in the asked act against the part asked for ("Who invited Lavrov?": Fidan of "Fidan
    // invited Lavrov", not Lavrov).
    [`role:${k}|${qw.role}>${role}`]: 1,
    [`roleMatch:${k}`]: qw.role !== 'none' && role === qw.role ? 1 : 0,
    // A sentence naming the year asked, or only other years: "John Debney created a new arrangement … in
    // 1996" is no answer to "Who created the 2005 theme?".
    yearAsked: qw.years.length && told.some((y) => qw.years.includes(y)) ? 1 : 0,
    yearOther: qw.years.length && told.length && !told.some((y) => qw.years.includes(y)) ? 1 : 0,
    [`range:${life}`]: side === 'whole' ? 1 : 0,
    [`first:${life}`]: side === 'first' ? 1 : 0,
    [`last:${life}`]: side === 'last' ? 1 : 0,
  };
  // The same measures by question type: "who" answers stand beside the verb, "when" answers after it.
  for (const name of ['near', 'verbNear', 'verbOwn', 'verbOther', 'winL3', 'winR3', 'win8', 'clause', 'sentence'] as const)
    x[`${name}:${k}`] = x[name]!;
  return x;
}

/**
 * The place another sentence gives a name that its own sentence gives none: "Presidents Vladimir Putin and
 * Recep Tayyip Erdogan" says who is Russia's only with "his Russian counterpart Vladimir Putin" elsewhere.
 * 1 when a place the question asks about, -1 when only others, 0 when none.
 */
function attributionElsewhere(name: string, own: ScoredSentence, sentences: ScoredSentence[], qw: QuestionWords): number {
  let found = 0;
  // (Whole passages were tried instead of the sentences scored, 2026-12-04: the held-out worth fell 34.2 →
  // 33.9, and no question on the bundled articles changed.)
  for (const s of sentences) {
    if (s === own) continue;
    for (let at = s.text.indexOf(name); at >= 0; at = s.text.indexOf(name, at + name.length)) {
      const before = s.text
        .slice(Math.max(0, at - 60), at)
        .split(/[\s,;:()–-]+/)
        .filter(Boolean)
        .slice(-4)
        .reverse();
      const places = before.map(placeOf).find((p) => p.length);
      if (!places) continue;
      if (places.some((p) => qw.places.has(p))) return 1;
      found = -1;
    }
  }
  return found;
}

/** Sentences read for a direct answer: the best few by score, within this share of the best one's score.
 * Set by hand and checked by `npm run fit` (5 within 70% before: 8 within 60% finds a gold span for 1.6 points
 * more held-out questions; the sentence's score is a feature, and the confidence model keeps a span of a
 * weaker sentence out of bold). */
const READ = 8;
const READ_FLOOR = 0.6;

export interface LeadOptions {
  /** The question asks about now ("current", "latest"): only the newest evidence answers it. */
  newest?: boolean;
  /** The question as the user typed it, when a follow-up was resolved into `question`: "When?" after a
   * "where" question wants a date, though the resolved question starts with "Where". */
  asked?: string;
}

export interface LeadCandidate {
  s: ScoredSentence;
  span: Span;
  /** What the answer would state (Lead.text). */
  text: string;
  x: Features;
  /** What the question wants (the same for all candidates of a question). */
  key: Wanted['key'];
}

/** The spans of the wanted kind in the best sentences, with their features (shared with the fitting script). */
export function leadCandidates(question: string, scored: ScoredSentence[], options: LeadOptions = {}): LeadCandidate[] {
  const own = options.asked && /\b(who|when|where|how many|how much|which|what)\b/i.test(options.asked) ? options.asked : question;
  const wanted = wantedAnswer(own);
  if (!wanted || !scored.length) return [];
  const qw = questionWords(question);
  const best = scored[0]!.score || 1;
  const top = scored.slice(0, READ).filter((s) => s.score >= READ_FLOOR * best);
  // "Who is the current president?": the answer of the newest article read, not of an older one.
  const read = (options.newest ? ofNewestDate(top) : top).map((s) => ({ s, parsed: parseSentence(s.text) }));
  // How much of the question the sentence's passage holds: "they met in Sochi in September" answers who
  // "they" are only through the sentences around it.
  const context = new Map(
    read.map(({ s }) => {
      const words = new Set(tokenize(s.passage.text).map(stem));
      return [s.passage, qw.content.size ? [...qw.content].filter((w) => words.has(w)).length / qw.content.size : 0] as const;
    }),
  );
  const candidates: LeadCandidate[] = [];
  const doers: LeadCandidate[] = [];
  const officeHolders: LeadCandidate[] = [];
  const asksOffice = wanted.key === 'who' && qw.places.size > 0 && qw.offices.size > 0;
  // Names given the asked office of the asked place ("Turkish President Recep Tayyip Erdogan" for "Who is
  // Turkey's president?"), in the sentences read and, when none is there, in the other sentences scored
  // (score.ts keeps the passages' best few).
  const placeHolders: LeadCandidate[] = [];
  const seen = new Set<string>();
  const consider = ({ s, parsed }: { s: ScoredSentence; parsed: ParsedSentence }, rank: number, onlyPlaceHolders: boolean) => {
    for (const span of parsed.spans) {
      if (!fits(span, parsed, wanted)) continue;
      const toks = parsed.tokens.slice(span.from, span.to);
      if (toks.every((t) => t.pos === 'PUNCT' || inQuestion(t, qw))) continue; // it repeats the question
      // A name the question holds is what it asks about, not its answer; the kind asked for may be in it
      // ("Which pipeline …?" → "TurkStream Gas Pipeline").
      const kindWord = (t: Token) => qw.kind !== null && stem(foldForMatch(t.text)) === qw.kind;
      if (wanted.name && toks.some((t) => /^\p{Lu}/u.test(t.text) && inQuestion(t, qw) && !kindWord(t))) continue;
      // "The ministry stated on Wednesday that they will meet on March 1-2": Wednesday is when it was said.
      if (span.kind === 'date' && !qw.saying && saidOn(parsed.tokens, span)) continue;
      // "Cavusoglu said the US sanctions against Turkey were …": the one who said it answers only a question
      // about saying, not "Who sanctioned Turkey?" (news names a speaker in most sentences; SQuAD too seldom
      // for the ranker to learn it, like the day of a statement above). Nor where another act takes place:
      // "Russia has expressed its anticipation that … Lavrov and … Fidan will meet" is no answer to "Where
      // will Lavrov meet Fidan?" (the span vectors make a country a likely place).
      if (['who', 'what', 'where'].includes(wanted.key) && !qw.saying && speaks(parsed.tokens, span)) continue;
      // SQuAD asks about the past almost only, too seldom about what will be for the ranker to learn this.
      if (qw.future && pastAct(parsed, span, qw, s.passage.date)) continue;
      // Nor by a date of a sentence with no word pointing ahead: "the agreement signed by the presidents …
      // on Nov. 9" (an undated article, the verb too far for the tense) is no answer to "When will Lavrov
      // visit Turkey?".
      if (qw.future && span.kind === 'date' && !parsed.tokens.some(pointsAhead)) continue;
      // "Who was defeated in the final?" is not answered by the "by" of "Nadal was defeated by Federer": the
      // passive's doer, of the very act asked about, is the one part it cannot be. (A feature only, the role
      // lost to the span's place in the sentence; SQuAD asks for a passive's patient too seldom to learn it.)
      if (qw.role === 'patient' && /^by$/i.test(parsed.tokens[span.from - 1]?.text ?? '') && spanRole(parsed.tokens, span, qw) === 'agent')
        continue;
      // "When was Schumpeter born?" is answered by the first side of "(1883–1950)", "When did he die?" by
      // the last, never by the whole span (too few such questions in SQuAD to learn it from).
      const side = span.kind === 'date' && qw.life ? rangeSide(parsed.tokens, span) : null;
      if (side && side !== (qw.life === 'born' ? 'first' : 'last')) continue;
      // A compound's doer ("a Russian-mediated truce") answers only the act asked about, not "Who monitors
      // the truce?": by the act's word or its lemma ("mediated" is an adjective to the tagger, "led" is "lead").
      const agent = agentOf(parsed.tokens, span);
      const act = agent ? parsed.tokens[span.to + 1]! : null;
      if (act && !qw.stems.has(stem(act.text.toLowerCase())) && !qw.stems.has(stem(act.lemma))) continue;
      const key = `${rank}:${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const needle = foldForMatch(span.text);
      const repeats = read.filter((o) => o.s !== s && foldForMatch(o.s.text).includes(needle)).length;
      const elsewhere = wanted.name && qw.places.size ? attributionElsewhere(span.text, s, scored, qw) : 0;
      const x = spanFeatures(
        wanted,
        span,
        parsed,
        qw,
        { sentence: s.score / best, passage: context.get(s.passage) ?? 0, similarity: s.similarity, overlap: s.overlap },
        repeats,
        elsewhere,
      );
      // "Who is the president of Russia?": "Turkish President Recep Tayyip Erdogan" is another country's.
      if (x.otherPlace && span.kind === 'proper') continue;
      const candidate = { s, span, text: agent ?? span.text, x, key: wanted.key };
      const holds = asksOffice && span.kind === 'proper' && holdsOffice(parsed.tokens, span.from, span.to, qw.offices);
      if (holds && x.attributed) placeHolders.push(candidate);
      if (onlyPlaceHolders) continue;
      if (agent) doers.push(candidate);
      if (holds) officeHolders.push(candidate);
      candidates.push(candidate);
    }
  };
  for (const [rank, r] of read.entries()) consider(r, rank, false);
  if (asksOffice && !placeHolders.length)
    for (const [i, s] of (options.newest ? ofNewestDate(scored) : scored).entries())
      if (!read.some((r) => r.s === s)) consider({ s, parsed: parseSentence(s.text) }, READ + i, true);
  // "Who mediated the truce?" over "a Russian-mediated truce": the compound names the doer of the very act
  // asked about. Too few SQuAD questions are answered so for the ranker to learn it (like a life's range).
  if (doers.length) return doers;
  // "Who is Russia's president?" is answered by a name the sentence gives that office ("President Vladimir
  // Putin", "Mevlut Cavusoglu, Turkey's foreign minister,"), not "his Russia's counterparty Sergey Lavrov"
  // of a sentence matching the question better. When no name holds it, all stay: the office may be told
  // another way ("Putin, who has led Russia since 2000"). Only for a place's office: on SQuAD, where most
  // offices are of organisations ("the president of ABC Television"), the rule for every office (with a
  // looser title test) left 1,186 held-out questions reachable against 1,200, and bold F1 51.2 against 52.0.
  // A name the sentences give the office of the very place asked comes first: "He added that President
  // Vladimir Putin appreciated Turkey's determination" matches "Who is Turkey's president?" better than
  // "Turkish President Recep Tayyip Erdogan and his Russian counterpart remain in close contact" does.
  if (placeHolders.length) return placeHolders;
  return officeHolders.length ? officeHolders : candidates;
}

/** The ranking of a question's candidates: each one's probability, and the best one's index. */
export function rankCandidates(candidates: LeadCandidate[], model: LinearModel): { p: number[]; top: number } {
  const p = softmax(candidates.map((c) => linear(model, c.x)));
  let top = 0;
  p.forEach((v, i) => {
    if (v > p[top]!) top = i;
  });
  return { p, top };
}

/**
 * What the ranking's outcome says about whether its best span is right: how sure the ranking is (its
 * probability, the margin over the runner-up, among how many; of the answer's words in any candidate, of
 * the spans overlapping it, of its sentence), how good the span's sentence is, and what was asked. A softmax probability alone says "surer than the others", not "right": one candidate in a
 * sentence about something else gets probability 1.
 */
export function confidenceFeatures(candidates: LeadCandidate[], p: number[], top: number): Features {
  const c = candidates[top]!;
  const second = Math.max(0, ...p.filter((_, i) => i !== top));
  const k = c.key;
  // The answer's probability over every candidate giving the same words: the name found in three sentences
  // is surer than in one (as a feature beside p: ranking by it instead lost 0.3 held-out F1).
  const own = foldForMatch(c.text);
  const answer = p.reduce((sum, v, i) => (foldForMatch(candidates[i]!.text) === own ? sum + v : sum), 0);
  const rival = Math.max(0, ...p.filter((_, i) => foldForMatch(candidates[i]!.text) !== own));
  // The probability of the spans whose tokens overlap its own in its sentence ("Kashgar" inside "west of
  // Kashgar"): nested readings of one answer split its probability, yet token F1 credits each of them.
  const overlapping = p.reduce((sum, v, i) => {
    const o = candidates[i]!;
    return o.s === c.s && o.span.from < c.span.to && c.span.from < o.span.to ? sum + v : sum;
  }, 0);
  // How sure the ranking is of the sentence, whichever of its spans it is.
  const sentenceMass = p.reduce((sum, v, i) => (candidates[i]!.s === c.s ? sum + v : sum), 0);
  return {
    answer,
    answerMargin: answer - rival,
    overlapping,
    sentenceMass,
    p: p[top]!,
    margin: p[top]! - second,
    // Sure among the spans of its own kind: a name ahead of every other name, though common nouns
    // ("the robust nature of bilateral contacts") share the probability.
    pKind: p[top]! / p.reduce((sum, v, i) => (candidates[i]!.span.kind === c.span.kind ? sum + v : sum), 0),
    candidates: Math.log(candidates.length),
    sentence: c.x.sentence ?? 0,
    matched: c.x.matched ?? 0,
    window: c.x.win8 ?? 0,
    repeats: c.x.repeats ?? 0,
    length: Math.min(c.span.to - c.span.from, 6) / 6,
    // The span belongs to another verb than the question's, which the sentence also holds: the ranker may
    // still put it first when it is the only span of its kind there.
    verbOther: c.x.verbOther ?? 0,
    [`key:${k}`]: 1,
    [`kind:${c.span.kind}`]: 1,
  };
}

/** Embeddings of texts (answer/sentence-vectors.ts): the candidate spans' meaning for the lead's ranking. */
export interface SpanVectors {
  get(texts: string[]): Promise<Float32Array[]>;
}

/**
 * The candidates with their span's embedding as features, one per dimension and question type: what the
 * words around a span cannot tell, whether it is a place, a person or a thing ("Times Square" or "Dick
 * Clark" for "Where was … hosted?"). Fitted on the bundled model's vectors only (eval/fit-lead-weights.ts):
 * held-out SQuAD bold F1 +1.4 points, 51.9 → 53.3 (README, "Answering"). A "which …" question's kind is
 * embedded with them (`question`), for each span's cosine to it: with the roles, 53.3 → 53.9 (41.7 → 42.8
 * with the which / what questions).
 */
export async function withSpanVectors(candidates: LeadCandidate[], vectors: SpanVectors, question: string): Promise<LeadCandidate[]> {
  const kind = wantedAnswer(question)?.askedKind;
  const texts = candidates.map((c) => c.text);
  const embedded = await vectors.get(kind ? [...texts, kind] : texts);
  const kindVector = kind ? embedded.pop() : undefined;
  // How near each span is to the kind a "which …" question names ("Which *company* …": "NBC" rather than
  // "New York"): the dimensions say what a span is, not whether it is the kind asked this time.
  const near = embedded.map((v) => (kindVector ? cosine(v, kindVector) : 0));
  const best = Math.max(...near);
  return candidates.map((c, i) => {
    const x: Features = { ...c.x };
    embedded[i]!.forEach((d, dim) => {
      x[`e${dim}:${c.key}`] = d;
    });
    if (kindVector) {
      x.askedNear = near[i]!;
      x.askedBest = near[i] === best ? 1 : 0;
    }
    return { ...c, x };
  });
}

/** The ranking and confidence models for candidates with span vectors or without (another embedder's). */
function leadModels(withVectors: boolean): { ranker: LinearModel; confidence: LinearModel } {
  const w = answerWeights();
  return withVectors ? w.leadWithVectors : { ranker: w.lead, confidence: w.leadConfidence };
}

/**
 * The direct answer of a factoid question from its best sentences, or null when the question is not a
 * factoid one or its sentences hold no span of the asked kind. How it is shown: `shown`. `vectors`: the
 * bundled embedding model's (the span-vector ranking), or none for another embedder.
 */
export async function findLead(
  question: string,
  scored: ScoredSentence[],
  options: LeadOptions = {},
  vectors: SpanVectors | null = null,
): Promise<Lead | null> {
  const plain = leadCandidates(question, scored, options);
  if (!plain.length) return null;
  const candidates = vectors ? await withSpanVectors(plain, vectors, question) : plain;
  const models = leadModels(vectors !== null);
  const { p, top } = rankCandidates(candidates, models.ranker);
  const confidence = sigmoid(linear(models.confidence, confidenceFeatures(candidates, p, top)));
  const c = candidates[top]!;
  const { lead, tentative } = answerWeights().thresholds;
  // A span of a sentence telling of another year than the one asked ("13 phone conversations" last year,
  // asked about 2024) is at most offered: its sentence, quoted after it, says which year it is.
  const sure = confidence >= lead && !c.s.otherPeriod;
  const shown = sure ? 'bold' : confidence >= tentative ? 'possibly' : null;
  return { sentence: c.s, span: c.span, text: c.text, probability: confidence, shown };
}
