// Summaries of one article or of a topic across articles, extractive or by the chat model.
import { performance } from 'node:perf_hooks';
import type { Composed } from '../answer/extractive.ts';
import { type Summary, summarizeArticle, summarizeTopic } from '../answer/summarize.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { retrieve } from '../retrieve/retriever.ts';
import { archiveNow, questionTime, withoutTimeWords } from '../retrieve/time.ts';
import type { Snapshot } from '../store/snapshot.ts';
import type { Passage, SourceInfo, SummaryResult, SummaryTarget } from '../types.ts';
import { checkDateRange } from '../validate.ts';
import { type AnswerDeps, round } from './answering.ts';

function fromComposed(c: Composed): Summary {
  return { summary: c.answer, refused: c.refused, citations: c.citations };
}

/** Every passage of an article, in order, as retrieval would return them. */
function articlePassages(snapshot: Snapshot, article: SourceInfo): Passage[] {
  return snapshot.db.chunksOf(article.id).map((c) => ({
    chunkId: c.id,
    articleId: article.id,
    title: article.title,
    label: article.label ?? null,
    outlet: article.outlet,
    date: article.date,
    url: article.url,
    text: c.text,
    start: c.start,
    end: c.end,
    score: 1,
  }));
}

export async function summarizeTarget(
  deps: AnswerDeps,
  snapshot: Snapshot,
  target: SummaryTarget,
  findArticle: (query: string) => SourceInfo | undefined,
): Promise<SummaryResult> {
  const t0 = performance.now();
  if (target.kind === 'article') {
    const match = findArticle(target.article);
    if (!match) throw new NotFoundError(`No article matches "${target.article}". See \`archivist sources\` for the ids and titles.`);
    const t1 = performance.now();
    let s = await summarizeArticle(snapshot, match.id, deps.sentenceVectors);
    if (deps.llm && !s.refused) {
      s = fromComposed(await deps.llm.answer('Summarise this article in about five sentences.', articlePassages(snapshot, match)));
    }
    const t2 = performance.now();
    return {
      target,
      article: { id: match.id, title: match.title, label: match.label ?? null },
      summary: s.summary,
      refused: s.refused,
      citations: s.citations,
      answerer: deps.llm && !s.refused ? 'llm' : 'extractive',
      timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
    };
  }
  const topic = target.topic.trim();
  if (!topic) throw new InputError('The topic is empty.');
  checkDateRange(target.from, target.to);
  const retrieved = await retrieve(snapshot, deps.embedder, topic, {
    ...deps.config.retrieval,
    k: 8,
    from: target.from,
    to: target.to,
    // "sanctions in 2020", "the latest on Libya": the topic's own time steers retrieval as a question's does.
    keywordText: withoutTimeWords(topic),
    time: questionTime(topic, archiveNow(snapshot.db)),
  });
  const t1 = performance.now();
  let s = await summarizeTopic(topic, retrieved, deps.sentenceVectors);
  if (deps.llm && !s.refused) {
    s = fromComposed(
      await deps.llm.answer(
        `Summarise what the articles say about: ${topic}. Use "- " bullet points; note where outlets differ.`,
        retrieved.passages,
      ),
    );
  }
  const t2 = performance.now();
  return {
    target,
    summary: s.summary,
    refused: s.refused,
    citations: s.citations,
    answerer: deps.llm && !s.refused ? 'llm' : 'extractive',
    timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
  };
}
