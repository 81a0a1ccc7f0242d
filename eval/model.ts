// `npm run eval -- --answerer llm`: the same questions answered by whatever chat model is configured
// (OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_CHAT_MODEL, from the environment or .env), so anyone with a
// model can measure it: answer hits (the tables the extractive answerer has), the share of the model's
// citations that its passages support, its refusals and how often the extractive answer had to stand in.
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import type { AskResult, ModelReport } from '../src/types.ts';
import { REPO_ROOT } from './env.ts';
import { markdownTable, pct } from './table.ts';

export type AnswererChoice = 'extractive' | 'llm';

/** What configures the chat model; nothing else of the developer's environment reaches a measured run. */
const MODEL_VARS = [
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_CHAT_MODEL',
  'OPENAI_TIMEOUT_MS',
  'OPENAI_MAX_RETRIES',
  'MAX_CONTEXT_TOKENS',
  'LLM_MAX_OUTPUT_TOKENS',
];

export function parseAnswerer(value: string | undefined): AnswererChoice {
  if (value === undefined || value === 'extractive') return 'extractive';
  if (value === 'llm') return 'llm';
  throw new Error(`--answerer must be extractive or llm, not "${value}"`);
}

/**
 * The configuration overrides for the chosen answerer: for llm, the model variables of the environment
 * (winning) and of .env, with ANSWERER=llm and no daily budget (the eval asks as the operator does).
 */
export function answererEnv(choice: AnswererChoice): Record<string, string> {
  if (choice === 'extractive') return {};
  const file = path.join(REPO_ROOT, '.env');
  const fromFile = fs.existsSync(file) ? dotenv.parse(fs.readFileSync(file)) : {};
  const env: Record<string, string> = {};
  for (const name of MODEL_VARS) {
    const value = process.env[name] ?? fromFile[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
    throw new Error('--answerer llm needs OPENAI_API_KEY or OPENAI_BASE_URL (in the environment or .env): see README, "Language model".');
  }
  return { ...env, ANSWERER: 'llm' };
}

export interface ModelSummary {
  model: string;
  asked: number;
  outcomes: Record<ModelReport['outcome'], number>;
  /** Sentence→passage citations the model made, and how many its passages supported. */
  citations: number;
  supported: number;
  /** Sentences of its answers that made a claim, and how many were shown. */
  sentences: number;
  keptSentences: number;
  invalidMarkers: number;
  tokens: number;
}

/** Counts over the results of one question set. */
export class ModelTally {
  private s: ModelSummary | null = null;

  add(r: Pick<AskResult, 'model'>): void {
    const m = r.model;
    if (!m) return;
    this.s ??= {
      model: m.model,
      asked: 0,
      outcomes: { answered: 0, refused: 0, failed: 0, unsupported: 0, budget: 0, skipped: 0 },
      citations: 0,
      supported: 0,
      sentences: 0,
      keptSentences: 0,
      invalidMarkers: 0,
      tokens: 0,
    };
    const s = this.s;
    s.asked++;
    s.outcomes[m.outcome]++;
    s.tokens += m.tokens;
    if (m.check) {
      s.citations += m.check.citations;
      s.supported += m.check.supported;
      s.sentences += m.check.sentences;
      s.keptSentences += m.check.kept;
      s.invalidMarkers += m.check.invalidMarkers;
    }
  }

  summary(): ModelSummary | null {
    return this.s;
  }
}

/** The model's table: printed under the answer table of the same questions. */
export function modelTable(s: ModelSummary): string {
  const o = s.outcomes;
  // The model was asked unless retrieval already refused (skipped) or a budget was spent.
  const asked = o.answered + o.refused + o.failed + o.unsupported;
  const share = (n: number, d: number) => (d ? `${n}/${d} (${pct(n / d)}%)` : 'n/a');
  return markdownTable(
    [
      `model (${s.model})`,
      'citations supported',
      'sentences kept',
      'refused by the model',
      'fallback to extractive (failed / unsupported)',
      'invalid markers',
      'tokens per question',
    ],
    [
      [
        `asked ${asked} of ${s.asked}`,
        share(s.supported, s.citations),
        share(s.keptSentences, s.sentences),
        share(o.refused, asked),
        `${share(o.failed + o.unsupported, asked)} (${o.failed} / ${o.unsupported})`,
        s.invalidMarkers,
        asked ? Math.round(s.tokens / asked) : 0,
      ],
    ],
  );
}
