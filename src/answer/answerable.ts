// Whether the retrieved articles answer a question at all, or the answer is "The articles don't cover this".
// A logistic model over what the scored sentences show (how well the best ones match in meaning and in
// terms, how many do, how much of the question is found anywhere), fitted with its threshold by
// eval/fit-answerable.ts: SQuAD's first half as answerable, the same questions without their article (or
// without their paragraph) as not, and the calibration half of test/questions.json. It replaced hand-set
// cut-offs (best score 0.36, cosine 0.53, term share 0.45) that refused 3% of answerable SQuAD questions.
// Names the articles never mention are refused before this, by coverage.ts.
import { answerWeights, type Features, linear, sigmoid, type ThresholdedModel } from './model.ts';
import type { TermMatcher } from './overlap.ts';
import type { ScoredSentence } from './score.ts';

/** The features, by name: the fit and the shipped weights use these names. */
export const ANSWERABLE_FEATURES = [
  'best',
  'bestSimilarity',
  'bestOverlap',
  'bestJoint',
  'bestEither',
  'top3',
  'top3Similarity',
  'top3Overlap',
  'margin',
  'clear40',
  'clear50',
  'anywhere',
  'passage',
  'passageSimilarity',
  'unseen',
  'anyUnseen',
] as const;

export type AnswerableFeature = (typeof ANSWERABLE_FEATURES)[number];

/**
 * What the decision reads of a question's scored sentences: a few numbers per sentence, small enough for
 * eval/fit-answerable.ts to store and refit from without asking again.
 */
export interface AnswerableEvidence {
  /** Best first: score, cosine similarity to the question, term share, retrieval score of its passage. */
  sentences: Array<{ score: number; similarity: number; overlap: number; passage: number }>;
  /** Weighted share of the question's terms found in any of the sentences. */
  anywhere: number;
  /** Cosine similarity of the question to each retrieved passage (retrieval order; 0 where unknown). */
  passages: number[];
  /** Share of the question's terms that no passage in the searched scope holds in any spelling (retriever.ts). */
  unseen: number;
}

/**
 * `scored` best first, as scoreSentences returns them, the question's term matcher (`anywhere` tells a
 * question whose words are all there, though in no one sentence, from one whose key word is nowhere) and
 * the retrieved passages with their cosine to the question (retriever.ts).
 */
export function answerableEvidence(
  scored: ScoredSentence[],
  matcher: TermMatcher,
  retrieved: { passages: Array<{ dense: number | null }>; terms: unknown[]; unseen: string[] },
): AnswerableEvidence {
  return {
    sentences: scored.map((s) => ({ score: s.score, similarity: s.similarity, overlap: s.overlap, passage: s.passage.score })),
    anywhere: scored.length ? matcher.overlap(scored.map((s) => s.text).join('\n')) : 0,
    passages: retrieved.passages.map((p) => p.dense ?? 0),
    unseen: retrieved.terms.length ? retrieved.unseen.length / retrieved.terms.length : 0,
  };
}

/** Mean of the `n` largest values (of those there are). */
function topMean(values: number[], n: number): number {
  const top = [...values].sort((a, b) => b - a).slice(0, n);
  return top.length ? top.reduce((a, b) => a + b, 0) / top.length : 0;
}

export function answerableFeatures(evidence: AnswerableEvidence): Record<AnswerableFeature, number> {
  const { sentences } = evidence;
  const scores = sentences.map((s) => s.score);
  const similarities = sentences.map((s) => s.similarity);
  const overlaps = sentences.map((s) => s.overlap);
  const count = (level: number) => Math.log1p(scores.filter((x) => x >= level).length);
  return {
    best: scores[0] ?? 0,
    bestSimilarity: Math.max(0, ...similarities),
    bestOverlap: Math.max(0, ...overlaps),
    // One sentence both close in meaning and holding the terms says more than two sentences with one each.
    bestJoint: Math.max(0, ...sentences.map((s) => s.similarity * s.overlap)),
    // One sentence either close in meaning or holding the terms: the idea of the old cut-offs, without their
    // numbers. Its weight comes out negative beside the two maxima it overlaps with; with it the fit rates
    // "How much did the S-400 system cost?" ("… bought for $2.5bn") above "What was Russia's inflation rate
    // in 2023?" (unanswerable), which the fits without it did not.
    bestEither: Math.max(0, ...sentences.map((s) => Math.max(s.similarity, s.overlap))),
    top3: topMean(scores, 3),
    top3Similarity: topMean(similarities, 3),
    top3Overlap: topMean(overlaps, 3),
    margin: (scores[0] ?? 0) - (scores[1] ?? 0),
    // Several sentences that match: a covered topic; a log, since the 20th such sentence adds little.
    clear40: count(0.4),
    clear50: count(0.5),
    anywhere: evidence.anywhere,
    // The retrieval score (fused, relative to the best passage) of the best sentence's passage.
    passage: sentences[0]?.passage ?? 0,
    // How close the question is to a whole passage, beyond its sentences: an article about the very thing
    // asked ("the population of Sochi" against an article set in Sochi is not). In the first fit it raised
    // the questions without their article refused at 1% false refusals from 55% to 58%.
    passageSimilarity: Math.max(0, ...evidence.passages),
    // A word of the question that no article in scope uses in any form ("inflation" of diplomacy articles):
    // the retrieved sentences may still match the rest of it well. Fitted on negatives whose article is
    // filtered out of the searched scope, which the word probe honours (retriever.ts scopeProbe).
    unseen: evidence.unseen,
    // Whether any such word is there at all: on SQuAD's training half 3% of answerable questions have one
    // and 38% of those whose article is filtered out; as a share alone ("inflation" is one word of four) it
    // weighed little beside the sentence measures that a missing name also lowers.
    anyUnseen: evidence.unseen > 0 ? 1 : 0,
  };
}

const shippedModel = (): ThresholdedModel => answerWeights().answerable;

/** The model's probability that the articles answer the question; 0 without a single candidate sentence. */
export function answerableProbability(evidence: AnswerableEvidence, model: ThresholdedModel = shippedModel()): number {
  if (!evidence.sentences.length) return 0;
  const x: Features = answerableFeatures(evidence);
  return sigmoid(linear(model, x));
}

/** Whether to answer at all, or to say the articles don't cover the question (NOT_COVERED). */
export function isAnswerable(evidence: AnswerableEvidence, model: ThresholdedModel = shippedModel()): boolean {
  return answerableProbability(evidence, model) >= model.threshold;
}

/** The answer when the articles are taken not to cover a question (and nothing more precise can be said). */
export const NOT_COVERED = "The articles don't cover this.";
