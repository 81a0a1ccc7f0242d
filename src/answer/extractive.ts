// The embedded default answerer: the retrieved sentences that best answer the question, each cited.
import { cosine } from '../shared/vector.ts';
import { tokenize } from '../shared/text.ts';
import type { Citation, DirectAnswer } from '../types.ts';
import { answerType, countedWord } from './answer-type.ts';
import { NOT_COVERED } from './answerable.ts';
import { CitationList } from './citations.ts';
import { figuresFor, type Figure } from './figures.ts';
import { findLead, type LeadOptions, type SpanVectors } from './lead.ts';
import { calendarDate } from './relative-date.ts';
import type { TermMatcher } from './overlap.ts';
import { ofNewestDate, SCORING, type ScoredSentence } from './score.ts';
import { closingQuote, leansOnPrevious, openingQuote, previousSentence } from './standalone.ts';
import { namesOf } from './subtopics.ts';
import { yearsIn } from '../shared/years.ts';

export interface Composed {
  answer: string;
  refused: boolean;
  citations: Citation[];
  /** The direct answer it opens with, if any. */
  lead?: DirectAnswer;
}

/** An open question is answered by at most this many sentences (a factoid one by its span and two). */
const MAX_SENTENCES = 3;
/** Sentences scoring at least this share of the best one's are shown (set by hand on the calibration half). */
const SENTENCE_FLOOR = 0.75;

/** Same wording, or the same story retold: one of them is enough. */
export function nearDuplicate(a: ScoredSentence, b: ScoredSentence): boolean {
  if (cosine(a.vector, b.vector) >= 0.9) return true;
  const ta = new Set(tokenize(a.text));
  const tb = new Set(tokenize(b.text));
  const shared = [...ta].filter((t) => tb.has(t)).length;
  // Against the larger set: a short sentence inside a longer one that adds the answer is not a duplicate.
  return shared / Math.max(ta.size, tb.size) >= 0.75;
}

/** Figures from different times are not a disagreement: "13 calls last year" (2024) vs "10 this year" (2020). */
function samePeriod(a: ScoredSentence, b: ScoredSentence): boolean {
  const years = (s: ScoredSentence) => new Set(yearsIn(s.text));
  const ya = years(a);
  const yb = years(b);
  if (ya.size && yb.size && ![...ya].some((y) => yb.has(y))) return false;
  if (a.passage.date && b.passage.date) {
    return Math.abs(Number(a.passage.date.slice(0, 4)) - Number(b.passage.date.slice(0, 4))) <= 1;
  }
  return true;
}

/** The question term a "how many" / "how much" question counts ("how many garment workers" → garment), if any. */
export function countedTerm(question: string, matcher: TermMatcher): number | undefined {
  const word = countedWord(question);
  return word === null ? undefined : matcher.matches([word])[0]?.term;
}

/**
 * Two sentences tell the same fact, whatever figure each gives, only when they say nearly the same thing
 * (cosine of their embeddings). Counting the same noun is not enough: "nine members" of a church's Judicial
 * Council and "60 members" of Warsaw's City Council, "826 Doctor Who instalments" and "The Five Doctors".
 * On the 1,000 SQuAD questions of the eval every "Sources differ" answer was such a pair, at cosines 0.25 to
 * 0.67 (all nine; eight of them had the right figure first); the bundled articles' two counts of Erdogan's and
 * Putin's phone calls are at 0.88, and the eval's altered copies near 1.
 */
const SAME_STATEMENT = 0.8;

/**
 * Sentences from different articles that give different figures for the same thing at the same time. With
 * `counted` (countedTerm), only figures of that thing count.
 */
export function disagreement(
  scored: ScoredSentence[],
  matcher: TermMatcher,
  floor: number,
  counted?: number,
): Array<{ s: ScoredSentence; f: Figure }> {
  const found: Array<{ s: ScoredSentence; f: Figure }> = [];
  for (const s of scored) {
    if (s.score < floor || found.length >= 3) break;
    if (s.otherPeriod || found.some((x) => x.s.passage.articleId === s.passage.articleId)) continue;
    // The same thing counted: "13 phone conversations" and "two dozen phone conversations", not a show's
    // nominations against a match's score.
    const f = figuresFor(s.text, matcher).find((g) =>
      counted !== undefined ? g.term === counted : !found.length || g.term === found[0]!.f.term,
    );
    if (!f || !found.every((x) => samePeriod(x.s, s))) continue;
    if (found.length && cosine(s.vector, found[0]!.s.vector) < SAME_STATEMENT) continue;
    found.push({ s, f });
  }
  return new Set(found.map((x) => x.f.value)).size >= 2 ? found : [];
}

function readableOrder(picked: ScoredSentence[]): ScoredSentence[] {
  // Best sentence first; sentences of one article stay together in their article's order.
  const articles = [...new Set(picked.map((s) => s.passage.articleId))];
  return articles.flatMap((id) => picked.filter((s) => s.passage.articleId === id).sort((a, b) => a.articleOffset - b.articleOffset));
}

/** A sentence as the answer prints it: with the sentence it leans on, quotation marks balanced, cited. */
function render(s: ScoredSentence, ns: number[], citations: CitationList, shown: Set<string>): string {
  const parts: string[] = [];
  const before = leansOnPrevious(s.text) ? previousSentence(s) : null;
  if (before && !shown.has(before)) {
    citations.cite(s.passage, before);
    shown.add(before);
    parts.push(before);
  }
  shown.add(s.text);
  parts.push(`${openingQuote(s.text)}${s.text}${closingQuote(s.text)}`);
  return `${parts.join(' ')} ${[...new Set(ns)].map((n) => `[${n}]`).join('')}`;
}

/** "Sources differ: more than 10 [1] (2020-12-24) and nearly two dozen [2] (2020-12-29)." then each sentence. */
function differingAnswer(differing: Array<{ s: ScoredSentence; f: Figure }>, citations: CitationList): Composed {
  const shown = new Set<string>();
  const numbered = differing.map((x) => ({ ...x, n: citations.cite(x.s.passage, x.s.text) }));
  const values = numbered.map((x) => `${x.f.phrase} [${x.n}]${x.s.passage.date ? ` (${x.s.passage.date})` : ''}`);
  const list = values.length === 2 ? values.join(' and ') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;
  const sentences = numbered.map((x) => render(x.s, [x.n], citations, shown));
  return { answer: `Sources differ: ${list}. ${sentences.join(' ')}`, refused: false, citations: citations.list() };
}

/**
 * An open question ("What was discussed at the meeting?") whose best sentence announces rather than tells
 * ("a wide range of topics will be discussed") is answered with what its article goes on to say: sentences
 * of the same article, relevant enough (half the best score), that name something not shown yet.
 */
function addDetail(picked: ScoredSentence[], scored: ScoredSentence[], best: ScoredSentence): void {
  const shown = new Set(picked.flatMap((p) => [...namesOf(p.text).keys()]));
  // First the sentence right after the best one, relevant or not: what the article goes on to say ("It is
  // necessary to … on the situation in Ukraine, Transcaucasia …" after "a wide range of topics will be
  // discussed") shares none of the question's words. (Only when it was among the sentences scored: the
  // 20 a cheap score kept.) Then the others by score.
  const end = best.articleOffset + best.text.length;
  const next = scored.find((s) => s.passage.articleId === best.passage.articleId && s.articleOffset >= end && s.articleOffset - end <= 3);
  for (const s of next ? [next, ...scored.filter((x) => x !== next)] : scored) {
    if (picked.length >= MAX_SENTENCES || (s !== next && s.score < best.score * 0.5)) break;
    if (picked.includes(s) || s.passage.articleId !== best.passage.articleId) continue;
    const fresh = [...namesOf(s.text).keys()].filter((n) => !shown.has(n));
    if (!fresh.length || picked.some((p) => nearDuplicate(p, s))) continue;
    picked.push(s);
    for (const n of fresh) shown.add(n);
  }
}

/**
 * "What is the latest on Brazil's debt?": the sentences of the newest dated article among the relevant ones
 * (those scoring within SENTENCE_FLOOR of the best), not the best-matching sentences of any date. Retrieval
 * already lifts the newest passages among the candidates (retrieve/time.ts); without this the answer quoted
 * the older ones that match the question's words better and said "As of" their date. `lead.ts` reads the
 * newest sentences alone the same way. Unchanged when the question is not about now or nothing relevant is dated.
 */
function newestOnly(scored: ScoredSentence[], newest: boolean): ScoredSentence[] {
  if (!newest || !scored.length) return scored;
  const floor = scored[0]!.score * SENTENCE_FLOOR;
  return ofNewestDate(
    scored,
    scored.filter((s) => s.score >= floor),
  );
}

/**
 * The extractive answer: for a factoid question its direct answer first ("**Hakan Fidan** [1].") and the
 * sentence that gives it; otherwise the 1–3 sentences that best answer the question. Each sentence is
 * cited to its passage, and to another outlet's passage only when that one states the same facts.
 */
export async function composeAnswer(
  question: string,
  all: ScoredSentence[],
  matcher: TermMatcher,
  options: LeadOptions = {},
  /** The bundled embedding model's vectors for the lead's ranking (lead.ts findLead), or null. */
  vectors: SpanVectors | null = null,
): Promise<Composed> {
  // Whether to answer is decided before (answerable.ts, in archive/ask.ts); with no sentence there is nothing to say.
  if (!all.length) return { answer: NOT_COVERED, refused: true, citations: [] };
  const citations = new CitationList();
  // A question about 2023 is answered from what is dated in 2023 (or whose passage names it) when that is among the best,
  // and then takes nothing from other years' or undated articles.
  const dated = all.find((s) => s.inPeriod);
  const scoped = dated !== undefined && dated.score >= all[0]!.score * SENTENCE_FLOOR;
  const inScope = scoped ? all.filter((s) => s.inPeriod) : all;
  const scored = newestOnly(inScope, options.newest === true);
  const best = scored[0]!;
  // Figures that differ answer only a question asking for a figure: "Where did Tesla begin working in 1884?"
  // is not answered by "Sources differ: 1884 and 1882".
  const differing =
    answerType(question) === 'number'
      ? disagreement(scored, matcher, Math.max(SCORING.minSentenceScore, best.score * 0.7), countedTerm(question, matcher))
      : [];
  if (differing.length >= 2) return differingAnswer(differing, citations);

  // The lead reads the newest sentences itself, and the older ones too for who a name belongs to ("his
  // Russian counterpart Vladimir Putin" in an older article says whose president Putin is).
  const found = await findLead(question, inScope, options, vectors);
  const lead = found?.shown === 'bold' ? found : null;
  const first = lead?.sentence ?? best;
  const floor = Math.max(SCORING.minSentenceScore, best.score * SENTENCE_FLOOR);
  const picked: ScoredSentence[] = [first];
  const alsoReported = new Map<ScoredSentence, ScoredSentence[]>();
  for (const s of scored) {
    if (s === first) continue;
    // The lead's sentence is one more when it is not among the best: the best still come along.
    if (s.score < floor || picked.length >= MAX_SENTENCES + (first === best ? 0 : 1)) break;
    const twin = picked.find((p) => nearDuplicate(p, s));
    if (twin) {
      // Another outlet is cited for the sentence too, rather than repeating it, only when its passage holds
      // the sentence word for word (a wire copy): a near-copy may state another name or figure, and the
      // citation quotes the sentence as shown.
      if (twin.passage.articleId !== s.passage.articleId && s.passage.text.includes(twin.text))
        alsoReported.set(twin, [...(alsoReported.get(twin) ?? []), s]);
      continue;
    }
    picked.push(s);
  }
  // A doubtful span is not shown in bold, but its sentence is the likeliest to hold the answer: quoted too.
  // An offered span must stand in a sentence shown, so its sentence takes the place of a near-copy.
  if (found && !lead && !picked.includes(found.sentence)) {
    const twin = picked.findIndex((p) => nearDuplicate(p, found.sentence));
    if (twin < 0) picked.push(found.sentence);
    else if (found.shown === 'possibly') picked[twin] = found.sentence;
  }
  if (!lead) addDetail(picked, scored, best);
  const shown = new Set<string>();
  // A likely span (shown 'possibly') is offered as such, before the sentences (the doubtful layout), and its
  // sentence is read first: "Possibly **X** [1]. <the sentence naming X> [1] …".
  const offered = lead ?? (found?.shown === 'possibly' ? found : null);
  const opener = offered && picked.includes(offered.sentence) ? offered.sentence : null;
  const ordered = opener ? [opener, ...readableOrder(picked.filter((s) => s !== opener))] : readableOrder(picked);
  const parts = ordered.map((s) => {
    const ns = [
      citations.cite(s.passage, s.text),
      ...(alsoReported.get(s) ?? []).slice(0, 2).map((o) => citations.cite(o.passage, s.text)),
    ];
    return render(s, ns, citations, shown);
  });
  // "**earlier this month** (December 2020)": a relative date with the period it meant when written.
  const date =
    offered?.span.kind === 'date'
      ? calendarDate(offered.span.text, offered.sentence.passage.date, { sentence: offered.sentence.text, start: offered.span.start })
      : null;
  const opening = offered
    ? `${lead ? '' : 'Possibly '}**${offered.text}**${date ? ` (${date})` : ''} [${citations.cite(offered.sentence.passage, offered.sentence.text)}]. `
    : '';
  return {
    answer: `${opening}${parts.join(' ')}`,
    refused: false,
    citations: citations.list(),
    ...(offered
      ? {
          lead: {
            text: offered.text,
            probability: Number(offered.probability.toFixed(4)),
            ...(date ? { date } : {}),
            ...(lead ? {} : { tentative: true as const }),
          },
        }
      : {}),
  };
}
