// Scores candidate sentences against a question: meaning (embedding), shared terms, the kind of answer
// asked for, and the time the question is about.
import type { QueryTerm } from '../retrieve/terms.ts';
import type { Passage } from '../types.ts';
import { cosine } from '../shared/vector.ts';
import { type AnswerType, answerType, hasAnswerType } from './answer-type.ts';
import type { CandidateSentence } from './candidates.ts';
import { questionYears } from '../retrieve/time.ts';
import { answerWeights, type Features, linear } from './model.ts';
import { termMatcher, type TermMatcher } from './overlap.ts';
import type { SentenceVectors } from './sentence-vectors.ts';

/** How a sentence matches the question, alone and through its passage: what its score is made of. */
export interface SentenceMeasures {
  /** Cosine of the sentence to the question. */
  similarity: number;
  /** Weighted share of the question's terms the sentence holds. */
  overlap: number;
  /** The same share over the sentence's whole passage. */
  passageOverlap: number;
  /** Cosine of the sentence's passage to the question (0 for a passage not retrieved by meaning). */
  passageSimilarity: number;
}

export interface ScoredSentence extends CandidateSentence, SentenceMeasures {
  vector: Float32Array;
  score: number;
  /** The question is about a year this sentence's article was not written in (nor mentions). */
  otherPeriod: boolean;
  /** The question is about a year, and this sentence's article is dated in it (or the next) or its passage names it. */
  inPeriod: boolean;
}

/** The floor of what is quoted and the penalty of another year, set on test/questions.json (see README, Evaluation). */
export const SCORING = {
  /**
   * No sentence scoring under this is quoted beside the best one, nor counted as a differing figure, however
   * weak the best is: an answer shows its best sentence and only sentences that match on their own. (It was
   * also the hand-set answerability cut-off before answerable.ts learned that decision; as a floor for the
   * extra sentences it was kept: the composer's tests and the question set were checked with it.)
   */
  minSentenceScore: 0.36,
  yearPenalty: 0.85,
} as const;

/**
 * What a sentence's score is made of: its closeness in meaning to the question, the share of the question's
 * terms it holds, the same two of its passage, and whether it holds the kind of answer asked for (a figure
 * for "how many", a date for "when", a new name for "who" / "where"). Weighted by data/answer-weights.json
 * "sentence", fitted on SQuAD by eval/fit-sentence-weights.ts and scaled so that the four measures' weights
 * sum to 1.
 */
export function sentenceFeatures(wanted: AnswerType, c: CandidateSentence, question: string, m: SentenceMeasures): Features {
  // The passage's measures: the sentence that answers often leans on its neighbours for the question's
  // words ("It was founded in 1891" after "The University of Chicago …"); on SQuAD's held-out half they
  // raised the share of questions with a gold answer among the best three sentences from 89.0% to 90.7%.
  // (The passage's fused retrieval score was tried before and left out: it is min-max scaled within each
  // question's candidates, so among the few chunks of one article it penalised good sentences of the lower
  // ones. The cosine and the term share are absolute.)
  const x: Features = {
    similarity: m.similarity,
    overlap: m.overlap,
    passageOverlap: m.passageOverlap,
    passageSimilarity: m.passageSimilarity,
  };
  if (wanted !== 'other' && hasAnswerType(wanted, c.text, question)) x[`type:${wanted}`] = 1;
  return x;
}

/**
 * The year a sentence tells of by "this year" / "last year" against its article's date, or null (no date,
 * none, or both). Year arithmetic, not the time reader of relative-date.ts: that one runs chrono-node, and
 * news sentences say "this year" often enough for it to show in the answer's time (+5 ms at p95 on BBC).
 */
function toldYear(sentence: string, articleDate: string | null): number | null {
  if (!articleDate) return null;
  const said = new Set([...sentence.matchAll(/\b(this|last|previous) year\b/gi)].map((m) => (m[1]!.toLowerCase() === 'this' ? 0 : -1)));
  return said.size === 1 ? Number(articleDate.slice(0, 4)) + [...said][0]! : null;
}

/**
 * For a question about now ("latest", "current"): the sentences dated as the newest of `among` (by default
 * the sentences themselves), or all of them when none of `among` is dated. One rule for the lead
 * (lead.ts) and for the sentences quoted (extractive.ts).
 */
export function ofNewestDate(sentences: ScoredSentence[], among: ScoredSentence[] = sentences): ScoredSentence[] {
  const newest = among
    .map((s) => s.passage.date ?? '')
    .sort()
    .at(-1);
  return newest ? sentences.filter((s) => s.passage.date === newest) : sentences;
}

/** Sentences embedded per question, at most. */
const MAX_EMBEDDED_SENTENCES = 20;

export async function scoreSentences(
  question: string,
  queryVector: Float32Array,
  terms: QueryTerm[],
  candidates: CandidateSentence[],
  sentenceVectors: SentenceVectors,
  /** The years the question is about (periodYears: with "last year" read against the archive's now); by
   * default the years it names. */
  years: number[] = questionYears(question).map(Number),
): Promise<{ scored: ScoredSentence[]; matcher: TermMatcher }> {
  const matcher = termMatcher(
    terms,
    candidates.map((c) => c.text),
    question,
  );
  // Embedding a sentence costs ~5 ms on 2 cores and is most of an answer's time: only the most
  // promising sentences by a cheap score (shared terms, the passage's retrieval rank) are embedded.
  const overlaps = candidates.map((c) => (terms.length ? matcher.overlap(c.text) : 0));
  const kept = candidates
    .map((c, i) => ({ c, overlap: overlaps[i]!, pre: 0.6 * overlaps[i]! + 0.4 * c.passage.score }))
    .sort((a, b) => b.pre - a.pre)
    .slice(0, MAX_EMBEDDED_SENTENCES);
  const vectors = await sentenceVectors.get(kept.map((k) => k.c.text));
  const wanted = answerType(question);
  const passageOverlaps = new Map<Passage, number>();
  const passageOverlap = (p: Passage) => {
    if (!passageOverlaps.has(p)) passageOverlaps.set(p, terms.length ? matcher.overlap(p.text) : 0);
    return passageOverlaps.get(p)!;
  };
  const scored = kept.map(({ c, overlap }, i) => {
    const vector = vectors[i]!;
    const m: SentenceMeasures = {
      similarity: cosine(queryVector, vector),
      overlap,
      passageOverlap: passageOverlap(c.passage),
      passageSimilarity: c.passage.dense ?? 0,
    };
    let score = linear(answerWeights().sentence, sentenceFeatures(wanted, c, question, m));
    // A question about 2020 is poorly answered by a 2024 article's "last year", unless it names the year.
    // The passage naming it is enough: "ABC drew 23.63% of households" answers "ABC's share in 1993?" after
    // "In 1993, the FCC repealed …" (a sentence-level test kept only the FCC sentence: 6 of the held-out
    // SQuAD questions naming a year, none lost).
    const published = c.passage.date ? Number(c.passage.date.slice(0, 4)) : null;
    // A sentence that says which year it tells of ("last year, … had 13 phone conversations" in a 2024
    // article) is of that year, whatever its article's date or passage names.
    const told = toldYear(c.text, c.passage.date);
    const inPeriod =
      told !== null
        ? years.includes(told)
        : years.some((y) => published === y || published === y + 1 || c.passage.text.includes(String(y)));
    const otherPeriod = years.length > 0 && published !== null && !inPeriod;
    if (otherPeriod) score *= SCORING.yearPenalty;
    return { ...c, ...m, vector, score, otherPeriod, inPeriod };
  });
  scored.sort((a, b) => b.score - a.score);
  return { scored, matcher };
}
