// What the chat model is asked to do: rewrite a follow-up into a standalone question, answer from passages,
// summarise a whole article, summarise a topic across articles (map over the articles, then reduce). Its
// raw text comes back with the passages it was numbered against; checking it is the caller's (check.ts),
// and so is falling back when it fails (a ModelError).
import type { Passage } from '../../types.ts';
import { displayPartial, filterMarkers, isNotCovered, maybeSentinel } from './markers.ts';
import { addUsage, type ChatMessage, type ChatModel, NO_USAGE, type Usage } from './model.ts';
import {
  answerMessages,
  combineSystem,
  fenceCode,
  fencedNotes,
  fencedPassages,
  fitPassages,
  groupPassages,
  messagesTokens,
  NOT_COVERED,
  summarySystem,
} from './prompt.ts';

export interface ModelText {
  /** The model's text, markers as it wrote them (numbers into `passages`, 1-based). */
  text: string;
  /** It said the passages do not answer. */
  refused: boolean;
  /** The passages it was given, in the order they were numbered. */
  passages: Passage[];
  usage: Usage;
}

export interface AnswerInput {
  question: string;
  /** The question rewritten to stand alone (a follow-up), when it was. */
  standalone?: string;
  history: string[];
  /** Best first. */
  passages: Passage[];
  onPartial?: (text: string) => void;
}

/** Map steps run this many at a time: enough to hide latency, few enough for a small server. */
const MAP_CONCURRENCY = 3;
/** Reduce rounds at most, when the notes themselves do not fit one prompt. */
const MAX_REDUCE_DEPTH = 3;

export class LlmAnswerer {
  constructor(
    readonly model: ChatModel,
    private readonly maxContextTokens: number,
  ) {}

  /**
   * The last question rewritten to be understood without the conversation ("and what did he say about it?"
   * → "What did Cavusoglu say about the US sanctions?"), or null when the model's reply is not a question.
   */
  async standalone(question: string, history: string[]): Promise<{ question: string | null; usage: Usage }> {
    const messages: ChatMessage[] = [
      {
        role: 'system',
        content:
          'You rewrite the last question of a conversation so that it can be understood on its own: replace pronouns and ' +
          'references ("he", "it", "that deal", "what about X") with what they refer to in the earlier questions. ' +
          'If it already stands alone, repeat it unchanged. Do not answer it. Reply with the rewritten question only, on one line.',
      },
      {
        role: 'user',
        content: `Earlier questions, oldest first:\n${history.map((q, i) => `${i + 1}. ${q.replace(/\s+/g, ' ')}`).join('\n')}\n\nLast question: ${question}`,
      },
    ];
    const res = await this.model.complete(messages, { maxOutputTokens: 120 });
    const line =
      res.text
        .trim()
        .split('\n')[0]
        ?.replace(/^(?:rewritten|standalone)?\s*question\s*:\s*/i, '')
        .replace(/^["“'`]+|["”'`]+$/g, '')
        .trim() ?? '';
    // A reply that is no question, or an essay, is not trusted: the rule-based reading is used instead.
    const usable = line.length >= 3 && line.length <= Math.max(300, question.length * 4) && !line.includes('[');
    return { question: usable ? line : null, usage: res.usage };
  }

  async answer(input: AnswerInput): Promise<ModelText> {
    const code = fenceCode();
    const frame = answerMessages({ ...input, passages: [], code });
    const passages = fitPassages(input.passages, this.maxContextTokens - messagesTokens(frame), code);
    const messages = answerMessages({ ...input, passages, code });
    const res = await this.model.complete(messages, { onText: partials(input.onPartial) });
    return { text: res.text, refused: isNotCovered(res.text, NOT_COVERED), passages, usage: res.usage };
  }

  /** The whole article, in order: in one prompt when it fits, else summarised part by part, then combined. */
  async summarizeArticle(passages: Passage[], onPartial?: (text: string) => void): Promise<ModelText> {
    const ask = 'Summarise this article in about five sentences, the most important first.';
    const code = fenceCode();
    const frame: ChatMessage[] = [
      { role: 'system', content: summarySystem(code) },
      { role: 'user', content: `Passages of one article, in order:\n\n\n\n${ask}` },
    ];
    const groups = groupPassages(passages, this.maxContextTokens - messagesTokens(frame), code);
    if (groups.length === 1) {
      const res = await this.model.complete(
        [
          { role: 'system', content: summarySystem(code) },
          { role: 'user', content: `Passages of one article, in order:\n\n${fencedPassages(passages, code)}\n\n${ask}` },
        ],
        { onText: partials(onPartial) },
      );
      return { text: res.text, refused: false, passages, usage: res.usage };
    }
    let first = 1;
    const parts = groups.map((group) => {
      const from = first;
      first += group.length;
      return { group, from };
    });
    const mapped = await mapLimit(parts, MAP_CONCURRENCY, async ({ group, from }) => {
      const to = from + group.length - 1;
      const res = await this.model.complete([
        { role: 'system', content: summarySystem(code) },
        {
          role: 'user',
          content: `Passages [${from}] to [${to}] of one article (${passages.length} passages), in order:\n\n${fencedPassages(group, code, from)}\n\nSummarise these passages in 3 to 5 sentences, the most important first.`,
        },
      ]);
      return { note: filterMarkers(res.text, (n) => n >= from && n <= to), usage: res.usage };
    });
    const reduced = await this.reduce(
      mapped.map((m) => m.note),
      `Combine these partial summaries of one article, in its order, into one summary of about five sentences, the most important first.`,
      onPartial,
    );
    return { text: reduced.text, refused: false, passages, usage: mapped.reduce((u, m) => addUsage(u, m.usage), reduced.usage) };
  }

  /**
   * What the articles say about a topic: each relevant article summarised on the topic from its passages
   * (map), then the summaries combined into points (reduce). Passages are numbered article by article, and
   * the numbers carry through both steps.
   */
  async summarizeTopic(topic: string, ranked: Passage[], onPartial?: (text: string) => void): Promise<ModelText> {
    const byArticle = new Map<string, Passage[]>();
    for (const p of ranked) byArticle.set(p.articleId, [...(byArticle.get(p.articleId) ?? []), p]);
    const passages = [...byArticle.values()].flat();
    const code = fenceCode();
    const points = `Summarise what the articles say about: ${topic}\nWrite at most 6 points, each on its own line starting with "- ". Where the articles differ, say so and cite each.`;
    if (byArticle.size === 1) {
      const frame = [
        { role: 'system' as const, content: summarySystem(code) },
        { role: 'user' as const, content: `Passages:\n\n\n\n${points}` },
      ];
      const given = fitPassages(passages, this.maxContextTokens - messagesTokens(frame), code);
      const res = await this.model.complete(
        [frame[0]!, { role: 'user', content: `Passages:\n\n${fencedPassages(given, code)}\n\n${points}` }],
        { onText: partials(onPartial) },
      );
      return { text: res.text, refused: false, passages: given, usage: res.usage };
    }
    let first = 1;
    const articles = [...byArticle.values()].map((group) => {
      const from = first;
      first += group.length;
      return { group, from };
    });
    const mapped = await mapLimit(articles, MAP_CONCURRENCY, async ({ group, from }) => {
      const to = from + group.length - 1;
      const res = await this.model.complete([
        { role: 'system', content: summarySystem(code) },
        {
          role: 'user',
          content: `Passages of one article:\n\n${fencedPassages(group, code, from)}\n\nWhat does this article say about: ${topic}\nAnswer in 2 to 4 sentences. If it says nothing about it, reply with exactly ${NOT_COVERED}.`,
        },
      ]);
      const relevant = !isNotCovered(res.text, NOT_COVERED);
      return { note: relevant ? filterMarkers(res.text, (n) => n >= from && n <= to) : null, usage: res.usage };
    });
    const usage = mapped.reduce((u, m) => addUsage(u, m.usage), NO_USAGE);
    const notes = mapped.map((m) => m.note).filter((n): n is string => n !== null && n.trim() !== '');
    if (notes.length === 0) return { text: '', refused: true, passages, usage };
    const reduced = await this.reduce(
      notes,
      `Combine these summaries of different articles into points on: ${topic}\nWrite at most 6 points, each on its own line starting with "- ". Where the articles differ, say so and cite each.`,
      onPartial,
    );
    return { text: reduced.text, refused: false, passages, usage: addUsage(usage, reduced.usage) };
  }

  /** Notes combined into one text; notes too long for one prompt are combined in halves first. */
  private async reduce(
    notes: string[],
    ask: string,
    onPartial?: (text: string) => void,
    depth = 0,
  ): Promise<{ text: string; usage: Usage }> {
    const code = fenceCode();
    const messages: ChatMessage[] = [
      { role: 'system', content: combineSystem(code) },
      { role: 'user', content: `${fencedNotes(notes, code)}\n\n${ask}` },
    ];
    if (notes.length > 1 && depth < MAX_REDUCE_DEPTH && messagesTokens(messages) > this.maxContextTokens) {
      const half = Math.ceil(notes.length / 2);
      const a = await this.reduce(
        notes.slice(0, half),
        'Combine these partial summaries into one, keeping every important fact.',
        undefined,
        depth + 1,
      );
      const b = await this.reduce(
        notes.slice(half),
        'Combine these partial summaries into one, keeping every important fact.',
        undefined,
        depth + 1,
      );
      const last = await this.reduce([a.text, b.text], ask, onPartial, depth + 1);
      return { text: last.text, usage: addUsage(addUsage(a.usage, b.usage), last.usage) };
    }
    const res = await this.model.complete(messages, { onText: partials(onPartial) });
    return { text: res.text, usage: res.usage };
  }
}

/** A stream listener showing the text so far without markers, and nothing while it may be the refusal sentinel. */
function partials(onPartial: ((text: string) => void) | undefined): ((text: string) => void) | undefined {
  if (!onPartial) return undefined;
  let last = '';
  return (textSoFar) => {
    if (maybeSentinel(textSoFar, NOT_COVERED)) return;
    const shown = displayPartial(textSoFar);
    if (shown && shown !== last) {
      last = shown;
      onPartial(shown);
    }
  };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
