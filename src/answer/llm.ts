// Answers written by an OpenAI-compatible chat model from the retrieved passages, citations checked.
import type OpenAI from 'openai';
import { ModelError } from '../errors.ts';
import { redact } from '../shared/redact.ts';
import { createOpenAIClient } from '../shared/openai.ts';
import { splitSentences } from '../chunk/sentences.ts';
import { tokenize } from '../shared/text.ts';
import type { Passage } from '../types.ts';
import { CitationList } from './citations.ts';
import type { Composed } from './extractive.ts';

export const NOT_COVERED = 'NOT_COVERED';

const SYSTEM = `You answer questions about a collection of news articles, using only the numbered passages given.
Rules:
- Write a short answer (at most 4 sentences, or up to 6 "- " bullet points when asked for a summary).
- Every sentence or bullet ends with the number of the passage that supports it, like [2] or [1][3].
- Use only facts stated in the passages. If passages disagree (for example on a number), give both, each with its citation.
- If the passages do not answer the question, reply with exactly ${NOT_COVERED} and nothing else.`;

export class LlmAnswerer {
  private readonly client: OpenAI;

  constructor(private readonly options: { apiKey: string | undefined; baseURL: string | undefined; model: string; timeoutMs: number }) {
    this.client = createOpenAIClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs: options.timeoutMs, maxRetries: 2 });
  }

  async answer(task: string, passages: Passage[]): Promise<Composed> {
    const context = passages
      .map((p, i) => `[${i + 1}] ${[p.title, p.outlet, p.date].filter(Boolean).join(' — ') || p.articleId}\n${p.text}`)
      .join('\n\n');
    let content: string;
    try {
      const res = await this.client.chat.completions.create({
        model: this.options.model,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: `Passages:\n\n${context}\n\n${task}` },
        ],
      });
      content = res.choices[0]?.message?.content?.trim() ?? '';
    } catch (err) {
      throw new ModelError(
        `The language model at ${this.client.baseURL} (${this.options.model}) failed: ${redact((err as Error).message)}`,
      );
    }
    if (content === '' || content.includes(NOT_COVERED)) {
      return { answer: "The articles don't cover this.", refused: true, citations: [] };
    }
    return renumber(content, passages);
  }
}

/** Keeps only [n] markers that name a given passage, renumbered 1..m by first use, each with a verbatim quote. */
export function renumber(text: string, passages: Passage[]): Composed {
  const citations = new CitationList();
  const answer = text
    .replace(/\[(\d+)\]/g, (_m, d: string, offset: number) => {
      const passage = passages[Number(d) - 1];
      if (!passage) return '';
      const claim = text.slice(Math.max(0, text.lastIndexOf('\n', offset)), offset);
      return `[${citations.cite(passage, bestSentence(passage, claim))}]`;
    })
    .replace(/[ \t]+([.,;])/g, '$1');
  const list = citations.list();
  if (list.length === 0) return { answer: "The articles don't cover this.", refused: true, citations: [] };
  return { answer, refused: false, citations: list };
}

/** The passage sentence sharing most words with the claim that cites it. */
function bestSentence(passage: Passage, claim: string): string {
  const words = new Set(tokenize(claim.split(/(?<=[.!?])\s/).pop() ?? claim));
  let best = '';
  let bestScore = -1;
  for (const s of splitSentences(passage.text)) {
    const score = tokenize(s.text).filter((t) => words.has(t)).length;
    if (score > bestScore) {
      best = s.text;
      bestScore = score;
    }
  }
  return best || passage.text;
}
