// The project's own question set (test/questions.json) over the bundled articles: retrieval of the
// expected article, and what the full answer path says (expected text, citations, refusals).
import fs from 'node:fs';
import { z } from 'zod';
import type { Archive } from '../src/api.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import type { Snapshot } from '../src/store/snapshot.ts';
import { containsAny } from './metrics.ts';
import { type ModelSummary, ModelTally } from './model.ts';
import { Progress } from './progress.ts';
import { embedQueries, evaluateRetrieval, type Setting, type SettingResult } from './retrieval.ts';

const schema = z.array(
  z.object({
    id: z.union([z.string(), z.number()]).transform(String),
    question: z.string().min(1),
    /** Earlier questions of the conversation (follow-ups). */
    history: z.array(z.string()).optional(),
    /** The half it belongs to: tune on calibration, report held-out (older files have none). */
    split: z.enum(['calibration', 'held-out']).optional(),
    answerable: z.boolean(),
    expectedText: z.array(z.string()).default([]),
    expectedArticles: z.array(z.string()).default([]),
  }),
);

export type ProjectQuestion = z.infer<typeof schema>[number];

/** The questions, or null when the file is not there yet. Throws on a malformed file: a silent skip would hide it. */
export function loadProjectQuestions(file: string): ProjectQuestion[] | null {
  if (!fs.existsSync(file)) return null;
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} is not a question set: [${issue.path.join('.')}] ${issue.message}`);
  }
  return parsed.data;
}

/** expectedArticles name article ids ("000_8d4b…"); a file name with its extension is accepted too. */
export function isExpectedArticle(articleId: string, expected: string[]): boolean {
  return expected.some((e) => e === articleId || e.replace(/\.[^./]+$/, '') === articleId);
}

export interface QuestionOutcome {
  id: string;
  answerable: boolean;
  refused: boolean;
  /** null when the question lists no expected text (or is not answerable). */
  containsExpected: boolean | null;
  expectedCited: boolean | null;
  cited: string[];
  answer: string;
}

export interface AnswerTally {
  answerable: number;
  unanswerable: number;
  /** Answerable questions that list expected text / articles: the denominators of the next two. */
  withExpectedText: number;
  containsExpected: number;
  withExpectedArticles: number;
  expectedCited: number;
  correctRefusals: number;
  /** Unanswerable questions that got an answer anyway. */
  falseAnswers: number;
  /** Answerable questions that were refused. */
  falseRefusals: number;
}

export async function projectRetrieval(
  snapshot: Snapshot,
  embedder: Embedder,
  questions: ProjectQuestion[],
  settings: Setting[],
): Promise<{ results: SettingResult[]; questions: number }> {
  // Retrieval is scored only where there is something to find.
  const scored = questions.filter((q) => q.answerable && q.expectedArticles.length > 0 && !q.history);
  const { vectors } = await embedQueries(
    embedder,
    scored.map((q) => q.question),
    'questions.json embed',
  );
  const queries = scored.map((q) => ({
    text: q.question,
    isGold: (p: { articleId: string }) => isExpectedArticle(p.articleId, q.expectedArticles),
  }));
  return {
    results: await evaluateRetrieval(snapshot, embedder, queries, vectors, settings, 'questions.json retrieve'),
    questions: scored.length,
  };
}

const emptyTally = (): AnswerTally => ({
  answerable: 0,
  unanswerable: 0,
  withExpectedText: 0,
  containsExpected: 0,
  withExpectedArticles: 0,
  expectedCited: 0,
  correctRefusals: 0,
  falseAnswers: 0,
  falseRefusals: 0,
});

export async function projectAnswers(
  archive: Archive,
  questions: ProjectQuestion[],
): Promise<{
  tally: AnswerTally;
  bySplit: Record<'calibration' | 'held-out', AnswerTally>;
  outcomes: QuestionOutcome[];
  model: ModelSummary | null;
}> {
  const all = emptyTally();
  const bySplit = { calibration: emptyTally(), 'held-out': emptyTally() };
  const outcomes: QuestionOutcome[] = [];
  const bar = new Progress('questions.json ask', questions.length);
  const models = new ModelTally();
  for (const q of questions) {
    const r = await archive.ask(q.question, q.history ? { history: q.history } : {});
    models.add(r);
    const tallies = q.split ? [all, bySplit[q.split]] : [all];
    const count = (key: keyof AnswerTally) => {
      for (const t of tallies) t[key]++;
    };
    const cited = [...new Set(r.citations.map((c) => c.articleId))];
    let containsExpected: boolean | null = null;
    let expectedCited: boolean | null = null;
    if (q.answerable) {
      count('answerable');
      if (r.refused) count('falseRefusals');
      if (q.expectedText.length) {
        count('withExpectedText');
        containsExpected = !r.refused && containsAny(r.answer, q.expectedText);
        if (containsExpected) count('containsExpected');
      }
      if (q.expectedArticles.length) {
        count('withExpectedArticles');
        expectedCited = cited.some((id) => isExpectedArticle(id, q.expectedArticles));
        if (expectedCited) count('expectedCited');
      }
    } else {
      count('unanswerable');
      if (r.refused) count('correctRefusals');
      else count('falseAnswers');
    }
    outcomes.push({ id: q.id, answerable: q.answerable, refused: r.refused, containsExpected, expectedCited, cited, answer: r.answer });
    bar.tick(outcomes.length);
  }
  return { tally: all, bySplit, outcomes, model: models.summary() };
}
