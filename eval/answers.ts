// The full question path (archive.ask: retrieve, score sentences, compose) against SQuAD gold answers.
// SQuAD answers are short spans; an extractive answer quotes whole sentences, so the measure is
// containment (the answer text holds a gold string), not exact match or F1.
import { performance } from 'node:perf_hooks';
import type { Archive } from '../src/api.ts';
import { containsAny } from './metrics.ts';
import { type ModelSummary, ModelTally } from './model.ts';
import { Progress } from './progress.ts';
import type { SquadQuestion } from './squad.ts';

export interface AnswerSummary {
  asked: number;
  refused: number;
  /** Answers whose text contains a gold answer string (a refusal never does). */
  contains: number;
  /** The gold paragraph is among the answer's citations. */
  goldCited: number;
  meanMs: number;
  wallMs: number;
  /** Every refusal with its wording (which says why): SQuAD questions are all answerable, so each is a false refusal. */
  refusals: Array<{ id: string; question: string; answer: string }>;
  /** With a chat model configured (--answerer llm): how its part went. */
  model?: ModelSummary | null;
}

export async function squadAnswers(archive: Archive, questions: SquadQuestion[], label: string): Promise<AnswerSummary> {
  const s: AnswerSummary = { asked: 0, refused: 0, contains: 0, goldCited: 0, meanMs: 0, wallMs: 0, refusals: [] };
  const bar = new Progress(label, questions.length);
  const models = new ModelTally();
  const t0 = performance.now();
  let totalMs = 0;
  for (const q of questions) {
    const r = await archive.ask(q.question);
    s.asked++;
    models.add(r);
    totalMs += r.timings.totalMs;
    if (r.refused) {
      s.refused++;
      s.refusals.push({ id: q.id, question: q.question, answer: r.answer });
    } else if (containsAny(r.answer, q.answers)) s.contains++;
    if (r.citations.some((c) => c.articleId === q.gold)) s.goldCited++;
    bar.tick(s.asked, `contains ${((100 * s.contains) / s.asked).toFixed(1)}%`);
  }
  s.meanMs = totalMs / (s.asked || 1);
  s.model = models.summary();
  s.wallMs = performance.now() - t0;
  return s;
}
