// The learned scoring of answers: linear models over named features, fitted on the first half of SQuAD
// v1.1 dev by eval/fit-*.ts (the sentence score, the direct answer and its confidence, whether to answer at
// all) and shipped as data/answer-weights.json.
// Features are named (sparse records) so that crosses such as "who × proper name" need no fixed layout.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

export type Features = Record<string, number>;

export interface LinearModel {
  /** Weight of each feature; a feature absent here weighs 0. */
  weights: Record<string, number>;
  bias: number;
}

/** A logistic model with the decision threshold fitted beside its weights. */
export interface ThresholdedModel extends LinearModel {
  /** Decide yes when the model's probability reaches this. */
  threshold: number;
}

export interface AnswerWeights {
  /** A candidate sentence's score (score.ts sentenceFeatures). */
  sentence: LinearModel;
  /** The direct answer: a conditional logit (softmax) over the candidate spans of one question (lead.ts). */
  lead: LinearModel;
  /** How likely the ranking's best span is right (its expected token F1), from the ranking's outcome: a
   * logistic model over confidenceFeatures (lead.ts). */
  leadConfidence: LinearModel;
  /** The same two fitted over the candidates' span vectors too (lead.ts withSpanVectors): used with the bundled
   * embedding model, whose vectors they were fitted on; `lead` and `leadConfidence` serve any other. */
  leadWithVectors: { ranker: LinearModel; confidence: LinearModel };
  /** Whether the retrieved articles answer the question at all: logistic, over the features of answerable.ts. */
  answerable: ThresholdedModel;
  thresholds: {
    /** Lead with a span only when its confidence reaches this. */
    lead: number;
    /** Below `lead`, at least this: the span is offered as the likeliest answer ("Possibly **X** [1].") before
     * the sentences that hold it. */
    tentative: number;
    /** The support score (lexical share averaged with the closest sentence's cosine) a passage must reach for a sentence (support.ts; eval/fit-support.ts). */
    support: number;
  };
  /** Where the weights came from (script, data, date, training and held-out figures). */
  fitted: Record<string, unknown>;
}

export function linear(model: LinearModel, x: Features): number {
  let s = model.bias;
  for (const [k, v] of Object.entries(x)) if (v !== 0) s += (model.weights[k] ?? 0) * v;
  return s;
}

/** The logistic function: a linear score as a probability. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Probabilities of a softmax over scores (stable for large scores). */
export function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0) || 1;
  return e.map((x) => x / sum);
}

export const WEIGHTS_FILE = path.join(PROJECT_ROOT, 'data', 'answer-weights.json');

let cached: AnswerWeights | null = null;

/** The shipped weights, read once. */
export function answerWeights(): AnswerWeights {
  cached ??= JSON.parse(fs.readFileSync(WEIGHTS_FILE, 'utf8')) as AnswerWeights;
  return cached;
}
