// One question, end to end: follow-up resolution, retrieval, sentence scoring, the refusal decision,
// then the extractive answer or the chat model's.
import { performance } from 'node:perf_hooks';
import { candidateSentences } from '../answer/candidates.ts';
import { notCoveredMessage, uncoveredSpecifics } from '../answer/coverage.ts';
import { answerableEvidence, isAnswerable, NOT_COVERED } from '../answer/answerable.ts';
import { type Composed, composeAnswer } from '../answer/extractive.ts';
import { resolveFollowUp } from '../answer/follow-up.ts';
import type { TermMatcher } from '../answer/overlap.ts';
import { type ScoredSentence, scoreSentences } from '../answer/score.ts';
import { InputError } from '../errors.ts';
import { type Retrieved, retrieve } from '../retrieve/retriever.ts';
import { archiveNow, asOfPrefix, periodYears, type QuestionTime, questionTime, withoutTimeWords } from '../retrieve/time.ts';
import type { Snapshot } from '../store/snapshot.ts';
import type { AskOptions, AskResult } from '../types.ts';
import { checkDateRange } from '../validate.ts';
import { type AnswerDeps, relatedArticles, round } from './answering.ts';
import { type ModelOutcome, ModelRun } from './model-answer.ts';

export const MAX_QUESTION_CHARS = 1000;

/** The question trimmed, or an InputError saying what is wrong with it. Checked before any work. */
export function checkQuestion(question: string, options: AskOptions): string {
  const q = question.trim();
  if (!q) throw new InputError('The question is empty.');
  if (q.length > MAX_QUESTION_CHARS)
    throw new InputError(`The question is ${q.length} characters long; keep it under ${MAX_QUESTION_CHARS}.`);
  checkDateRange(options.from, options.to);
  return q;
}

/**
 * What the answer is decided from: the question as searched (a follow-up completed), its retrieved passages
 * and their scored sentences, and the names it asks about that the articles never mention. Shared with
 * eval/fit-answerable.ts, so that the answerability model is fitted on exactly what it is later shown.
 */
export interface Evidence {
  query: string;
  time: QuestionTime;
  retrieved: Retrieved;
  scored: ScoredSentence[];
  matcher: TermMatcher;
  /** What the question names and the articles never mention (coverage.ts): a refusal that says why. */
  missing: string[];
  /** When retrieval ended (performance.now()): the timings split retrieval from answering there. */
  retrievedAt: number;
}

/** `standalone`: the question as a chat model rewrote it (a follow-up made whole), or null. */
export async function gatherEvidence(
  deps: AnswerDeps,
  snapshot: Snapshot,
  q: string,
  options: AskOptions,
  standalone: string | null = null,
): Promise<Evidence> {
  const { query, keywordText } = standalone ? { query: standalone, keywordText: standalone } : resolveFollowUp(q, options.history);
  // Periods the question names and "latest"/"current" steer retrieval (src/retrieve/time.ts).
  const time = questionTime(query, archiveNow(snapshot.db));
  const retrieved = await retrieve(snapshot, deps.embedder, query, {
    ...deps.config.retrieval,
    k: options.k ?? deps.config.retrieval.k,
    keywordText: withoutTimeWords(keywordText),
    server: options.server,
    sources: options.sources,
    from: options.from,
    to: options.to,
    time,
  });
  const retrievedAt = performance.now();
  const candidates = candidateSentences(retrieved.passages);
  const { scored, matcher } = await scoreSentences(
    query,
    retrieved.queryVector,
    retrieved.terms,
    candidates,
    deps.sentenceVectors,
    periodYears(query, time),
  );
  const missing = uncoveredSpecifics(q, retrieved.passages, {
    has: (expr) => snapshot.db.hasMatch(expr, options.server),
    hasYear: (year) => snapshot.db.hasArticleFromYear(year, options.server),
    termsLike: (word, slack) => snapshot.db.termsLike(word, slack),
  });
  return { query, time, retrieved, scored, matcher, missing, retrievedAt };
}

export async function askQuestion(deps: AnswerDeps, snapshot: Snapshot, q: string, options: AskOptions): Promise<AskResult> {
  const t0 = performance.now();
  const run = deps.llm ? new ModelRun(deps.llm, deps, options.asker) : null;
  // With a model, a follow-up is rewritten by it into a standalone question before retrieval.
  const standalone = run ? await run.standalone(q, options.history ?? []) : null;
  const {
    query,
    time,
    retrieved,
    scored,
    matcher,
    missing,
    retrievedAt: t1,
  } = await gatherEvidence(deps, snapshot, q, options, standalone);
  let composed: Composed;
  let model: ModelOutcome | null = null;
  if (missing.length) {
    composed = { answer: notCoveredMessage(missing), refused: true, citations: [] };
  } else if (!isAnswerable(answerableEvidence(scored, matcher, retrieved))) {
    composed = { answer: NOT_COVERED, refused: true, citations: [] };
  } else if (run) {
    const input = {
      question: q,
      standalone: query,
      history: options.history ?? [],
      passages: retrieved.passages,
      onPartial: options.onPartial,
    };
    model = await run.produce(
      'answering',
      () => run.llm.answer(input),
      async () => {
        const c = await composeAnswer(query, scored, matcher, { newest: time.recency, asked: q }, deps.spanVectors);
        return { text: c.answer, refused: c.refused, citations: c.citations };
      },
    );
    composed = { answer: model.text, refused: model.refused, citations: model.citations };
  } else {
    composed = await composeAnswer(query, scored, matcher, { newest: time.recency, asked: q }, deps.spanVectors);
  }
  // "Who is the current …": the answer says how new its evidence is.
  if (!composed.refused) composed = { ...composed, answer: `${asOfPrefix(time, composed.citations)}${composed.answer}` };
  const t2 = performance.now();
  return {
    question: q,
    answer: composed.answer,
    refused: composed.refused,
    citations: composed.citations,
    related: composed.refused ? relatedArticles(retrieved) : [],
    answerer: model?.answerer ?? 'extractive',
    ...(composed.lead && !model ? { lead: composed.lead } : {}),
    ...(model?.note ? { note: model.note } : {}),
    ...(run ? { model: model?.report ?? run.report('skipped') } : {}),
    timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
  };
}
