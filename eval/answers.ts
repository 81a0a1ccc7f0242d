// The full question path (archive.ask: retrieve, score sentences, compose) against SQuAD gold answers.
// An extractive answer quotes whole sentences, so the whole answer is measured by containment (its text
// holds a gold string); its direct answer (the bold lead of a factoid question) by SQuAD's exact match and
// token F1, over the factoid questions and over all (a question without a lead scores 0).
import { performance } from 'node:perf_hooks';
import type { Archive } from '../src/api.ts';
import { wantedAnswer } from '../src/answer/lead.ts';
import { containsAny, squadExact, squadF1 } from './metrics.ts';
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
  /** Words shown per answer not refused (citation marks left out): what containment costs the reader. */
  meanWords: number;
  /** Questions the answerer reads as factoid (who / when / where / how many / which month or year / which thing). */
  factoid: number;
  /** Answers that opened with a direct answer. */
  led: number;
  /** Sums of SQuAD exact match and token F1 of the bold leads (0 for a question without one). */
  leadExact: number;
  leadF1: number;
  /** Leads offered as "Possibly **X**" (not counted in `led`), and the sums of their EM and F1. */
  offered: number;
  offeredExact: number;
  offeredF1: number;
  /** Every refusal with its wording (which says why): SQuAD questions are all answerable, so each is a false refusal. */
  refusals: Array<{ id: string; question: string; answer: string }>;
  /** Every question's outcome, for reading the failures (eval/results/latest.json). */
  outcomes: Array<{
    id: string;
    question: string;
    gold: string[];
    answer: string;
    contains: boolean;
    goldCited: boolean;
    lead: string | null;
    /** The confidence model's estimate for the lead (its expected token F1). */
    leadProbability: number | null;
    /** The lead was offered as "possibly" the answer, not in bold. */
    tentative: boolean;
    /** What the question asks for as a direct answer (`asked`), null when it is not a factoid one. */
    wanted: string | null;
    /** SQuAD token F1 of the lead (0 without one). */
    leadF1: number;
  }>;
  /** With a chat model configured (--answerer llm): how its part went. */
  model?: ModelSummary | null;
}

/** What a question asks for as its direct answer: its Wanted key, 'what' for any "which …" / "what …" of a
 * named kind (factoid since 2026-12-04, a place's kind included), null for none. */
function asked(question: string): string | null {
  const w = wantedAnswer(question);
  return w ? (w.askedKind ? 'what' : w.key) : null;
}

export async function squadAnswers(archive: Archive, questions: SquadQuestion[], label: string): Promise<AnswerSummary> {
  const s: AnswerSummary = {
    asked: 0,
    refused: 0,
    contains: 0,
    goldCited: 0,
    meanMs: 0,
    wallMs: 0,
    meanWords: 0,
    factoid: 0,
    led: 0,
    leadExact: 0,
    leadF1: 0,
    offered: 0,
    offeredExact: 0,
    offeredF1: 0,
    refusals: [],
    outcomes: [],
  };
  const bar = new Progress(label, questions.length);
  const models = new ModelTally();
  const t0 = performance.now();
  let totalMs = 0;
  let words = 0;
  for (const q of questions) {
    const r = await archive.ask(q.question);
    s.asked++;
    models.add(r);
    totalMs += r.timings.totalMs;
    const contains = !r.refused && containsAny(r.answer, q.answers);
    if (r.refused) {
      s.refused++;
      s.refusals.push({ id: q.id, question: q.question, answer: r.answer });
    } else {
      if (contains) s.contains++;
      words += r.answer
        .replace(/\[\d+\]/g, ' ')
        .split(/\s+/)
        .filter(Boolean).length;
    }
    const goldCited = r.citations.some((c) => c.articleId === q.gold);
    if (goldCited) s.goldCited++;
    s.outcomes.push({
      id: q.id,
      question: q.question,
      gold: q.answers,
      answer: r.answer,
      contains,
      goldCited,
      lead: r.lead?.text ?? null,
      leadProbability: r.lead?.probability ?? null,
      tentative: r.lead?.tentative === true,
      wanted: asked(q.question),
      leadF1: r.lead ? squadF1(r.lead.text, q.answers) : 0,
    });
    if (wantedAnswer(q.question)) s.factoid++;
    if (r.lead?.tentative) {
      s.offered++;
      s.offeredExact += squadExact(r.lead.text, q.answers);
      s.offeredF1 += squadF1(r.lead.text, q.answers);
    } else if (r.lead) {
      s.led++;
      s.leadExact += squadExact(r.lead.text, q.answers);
      s.leadF1 += squadF1(r.lead.text, q.answers);
    }
    bar.tick(s.asked, `contains ${((100 * s.contains) / s.asked).toFixed(1)}%`);
  }
  s.meanMs = totalMs / (s.asked || 1);
  s.meanWords = words / (s.asked - s.refused || 1);
  s.model = models.summary();
  s.wallMs = performance.now() - t0;
  return s;
}
