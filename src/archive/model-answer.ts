// The chat model's part of one answer or summary, never worse than without it: within the asker's budget
// the model writes, its claims are checked against its passages, and whatever goes wrong (a failure, a
// timeout, an answer without one supported claim, a spent budget) the extractive answer is shown instead,
// with one line saying why. Every token used is charged to the asker's daily budgets.
import type { LlmAnswerer, ModelText } from '../answer/llm/answerer.ts';
import { checkAnswer } from '../answer/llm/check.ts';
import { supportJudge } from '../answer/llm/judge.ts';
import { parseAnswer } from '../answer/llm/markers.ts';
import { totalTokens, type Usage } from '../answer/llm/model.ts';
import { errorForLog } from '../errors.ts';
import type { Asker, Citation, ModelReport } from '../types.ts';
import type { AnswerDeps } from './answering.ts';

export const MODEL_FAILED_NOTE = 'The model did not answer; here is what the articles say.';
export const MODEL_UNSUPPORTED_NOTE = "The model's answer could not be checked against the articles; here is what they say.";
export const NOT_COVERED_ANSWER = "The articles don't cover this.";

/** What is shown, by whom, and the report of the model's part. */
export interface ModelOutcome {
  text: string;
  refused: boolean;
  citations: Citation[];
  answerer: 'llm' | 'extractive';
  note?: string;
  report: ModelReport;
}

export interface Fallback {
  text: string;
  refused: boolean;
  citations: Citation[];
}

/** One question's (or summary's) use of the model: the tokens it used, charged as they are reported. */
export class ModelRun {
  private tokens = 0;

  constructor(
    readonly llm: LlmAnswerer,
    private readonly deps: AnswerDeps,
    private readonly asker: Asker | undefined,
  ) {}

  /** The polite line when a budget is spent, else null. */
  spent(): string | null {
    return this.deps.budget?.spent(this.asker) ?? null;
  }

  charge(usage: Usage): void {
    const n = totalTokens(usage);
    this.tokens += n;
    this.deps.budget?.charge(this.asker, n);
  }

  report(outcome: ModelReport['outcome'], check?: ModelReport['check']): ModelReport {
    return { model: this.llm.model.name, outcome, tokens: this.tokens, ...(check ? { check } : {}) };
  }

  failed(err: unknown, what: string): void {
    this.deps.logger?.warn(
      { error: errorForLog(err), model: this.llm.model.name },
      `the language model failed (${what}); answering without it`,
    );
  }

  /**
   * The model's text for this request (`call`), checked; on any failure, or when nothing it claims is
   * supported, the fallback with a note.
   */
  async produce(what: string, call: () => Promise<ModelText>, fallback: () => Promise<Fallback> | Fallback): Promise<ModelOutcome> {
    const extractive = async (note: string | undefined, outcome: ModelReport['outcome'], check?: ModelReport['check']) => {
      const f = await fallback();
      return {
        text: f.text,
        refused: f.refused,
        citations: f.citations,
        answerer: 'extractive' as const,
        note,
        report: this.report(outcome, check),
      };
    };
    const spent = this.spent();
    if (spent) return extractive(spent, 'budget');
    let out: ModelText;
    try {
      out = await call();
    } catch (err) {
      this.failed(err, what);
      return extractive(MODEL_FAILED_NOTE, 'failed');
    }
    this.charge(out.usage);
    if (out.refused) {
      return { text: NOT_COVERED_ANSWER, refused: true, citations: [], answerer: 'llm', report: this.report('refused') };
    }
    const checked = await checkAnswer(parseAnswer(out.text, out.passages.length), out.passages, supportJudge(this.deps.sentenceVectors));
    if (!checked.text) return extractive(MODEL_UNSUPPORTED_NOTE, 'unsupported', checked.check);
    return {
      text: checked.text,
      refused: false,
      citations: checked.citations,
      answerer: 'llm',
      report: this.report('answered', checked.check),
    };
  }

  /** A follow-up rewritten by the model into a standalone question, or null (no history, spent budget, failure). */
  async standalone(question: string, history: string[]): Promise<string | null> {
    if (history.length === 0 || this.spent()) return null;
    try {
      const res = await this.llm.standalone(question, history);
      this.charge(res.usage);
      return res.question;
    } catch (err) {
      this.failed(err, 'rewriting a follow-up');
      return null;
    }
  }
}
