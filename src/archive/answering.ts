// What asking and summarising need, built once per archive and shared by both.
import type { LlmAnswerer } from '../answer/llm/answerer.ts';
import type { SentenceVectors } from '../answer/sentence-vectors.ts';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { Logger } from '../logger.ts';
import type { Retrieved } from '../retrieve/retriever.ts';
import type { RelatedArticle } from '../types.ts';
import type { TokenBudget } from './token-budget.ts';

export interface AnswerDeps {
  config: Config;
  embedder: Embedder;
  sentenceVectors: SentenceVectors;
  /** `sentenceVectors` when the embedder is the bundled model, whose vectors the lead's span ranking was
   * fitted on (answer/lead.ts findLead); null for any other, which gets the ranking without them. */
  spanVectors: SentenceVectors | null;
  /** The chat model when one is configured (ANSWERER=llm, or auto with a key or base url). */
  llm: LlmAnswerer | null;
  /** The daily token budgets of the chat model (with `llm`). */
  budget: TokenBudget | null;
  logger?: Logger;
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** The closest articles of a refused question, offered for reading, never as support for a claim. */
export function relatedArticles(retrieved: Retrieved): RelatedArticle[] {
  const out = new Map<string, RelatedArticle>();
  for (const p of retrieved.passages) {
    if (!out.has(p.articleId) && (p.dense ?? 0) > 0.2) {
      out.set(p.articleId, { articleId: p.articleId, title: p.title, label: p.label ?? null, score: round(p.dense ?? 0, 3) });
    }
  }
  return [...out.values()].slice(0, 3);
}
