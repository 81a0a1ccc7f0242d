// Summaries of one article or of a topic across articles, extractive or by the chat model.
import { performance } from 'node:perf_hooks';
import { type Summary, summarizeArticle, summarizeTopic } from '../answer/summarize.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { retrieve } from '../retrieve/retriever.ts';
import { archiveNow, questionTime, withoutTimeWords } from '../retrieve/time.ts';
import type { Snapshot } from '../store/snapshot.ts';
import type { Passage, SourceInfo, SummarizeOptions, SummaryResult, SummaryTarget } from '../types.ts';
import { checkDateRange } from '../validate.ts';
import { type AnswerDeps, round } from './answering.ts';
import { type ModelOutcome, ModelRun } from './model-answer.ts';

/** The extractive summary as the model's fallback. */
const asFallback = (s: Summary) => ({ text: s.summary, refused: s.refused, citations: s.citations });
const fromModel = (m: ModelOutcome): Summary => ({ summary: m.text, refused: m.refused, citations: m.citations });

/** The fields a summary gets from the model's part, when a model is configured. */
function modelFields(run: ModelRun | null, model: ModelOutcome | null): Pick<SummaryResult, 'answerer' | 'note' | 'model'> {
  return {
    answerer: model?.answerer ?? 'extractive',
    ...(model?.note ? { note: model.note } : {}),
    ...(run ? { model: model?.report ?? run.report('skipped') } : {}),
  };
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
  options: SummarizeOptions = {},
): Promise<SummaryResult> {
  const t0 = performance.now();
  const run = deps.llm ? new ModelRun(deps.llm, deps, options.asker) : null;
  let model: ModelOutcome | null = null;
  if (target.kind === 'article') {
    const match = findArticle(target.article);
    if (!match) throw new NotFoundError(`No article matches "${target.article}". See \`archivist sources\` for the ids and titles.`);
    const t1 = performance.now();
    let s = await summarizeArticle(snapshot, match.id, deps.sentenceVectors);
    if (run && !s.refused) {
      // The whole article, every passage of it, not only the ones a search would rank first.
      const passages = articlePassages(snapshot, match);
      const extractive = s;
      model = await run.produce(
        'summarising an article',
        () => run.llm.summarizeArticle(passages, options.onPartial),
        () => asFallback(extractive),
      );
      s = fromModel(model);
    }
    const t2 = performance.now();
    return {
      target,
      article: { id: match.id, title: match.title, label: match.label ?? null },
      summary: s.summary,
      refused: s.refused,
      citations: s.citations,
      ...modelFields(run, model),
      timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
    };
  }
  const topic = target.topic.trim();
  if (!topic) throw new InputError('The topic is empty.');
  checkDateRange(target.from, target.to);
  const retrieved = await retrieve(snapshot, deps.embedder, topic, {
    ...deps.config.retrieval,
    k: 8,
    server: target.server,
    from: target.from,
    to: target.to,
    // "sanctions in 2020", "the latest on Libya": the topic's own time steers retrieval as a question's does.
    keywordText: withoutTimeWords(topic),
    time: questionTime(topic, archiveNow(snapshot.db)),
  });
  const t1 = performance.now();
  let s = await summarizeTopic(topic, retrieved, deps.sentenceVectors);
  if (run && !s.refused) {
    const extractive = s;
    model = await run.produce(
      'summarising a topic',
      () => run.llm.summarizeTopic(topic, retrieved.passages, options.onPartial),
      () => asFallback(extractive),
    );
    s = fromModel(model);
  }
  const t2 = performance.now();
  return {
    target,
    summary: s.summary,
    refused: s.refused,
    citations: s.citations,
    ...modelFields(run, model),
    timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
  };
}
