// Fewer embeddings per answer (issue 8): an answer embeds its question and up to 20 candidate sentences.
// This measures, on 500 BBC articles and 100 questions, one at a time:
//   - per question: sentences embedded for each answer (kept in memory only: what a restart loses);
//   - lazily on disk: the vectors an answer embeds are kept in INDEX_DIR/sentence-vectors.db, then reused
//     (cold, after a restart, and for the same headlines asked in other words);
//   - every sentence stored beforehand, so no answer embeds any: what storing them at index time would give,
//     and what the bot's background prefill does after an index change (its cost is the prefill's).
// ASK_CACHE_SECONDS=0 throughout, so no answer is reused whole. Since 2026-12-04 a factoid answer also
// embeds its candidate spans through the same cache (answer/lead.ts withSpanVectors): they count among the
// texts embedded per answer, also in the run with every sentence stored beforehand.
//
//   node --import tsx bench/sentence-vectors.ts
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openArchive } from '../src/archive.ts';
import type { Config } from '../src/config.ts';
import { createEmbedder } from '../src/embed/create.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { paths } from '../src/store/layout.ts';
import { load1, makeTempDir, measuredConfig } from '../eval/env.ts';
import { copyBbcSubset } from './bbc-subset.ts';
import { summarize } from './percentiles.ts';
import { benchQuestions } from './questions.ts';

export interface SentenceVectorFigures {
  articles: number;
  chunks: number;
  indexBuild: { ms: number; embedMs: number; sizeMiB: number };
  allSentences: { count: number; embedMs: number; cacheMiB: number };
  runs: Array<{ what: string; p50Ms: number; p95Ms: number; sentencesEmbeddedPerAnswer: number }>;
  load: { start: number; end: number };
}

/** Counts the texts embedded through it. */
function counting(inner: Embedder): Embedder & { texts: number } {
  const c = {
    texts: 0,
    init: () => inner.init(),
    embed: (texts: string[]) => {
      c.texts += texts.length;
      return inner.embed(texts);
    },
    close: async () => {},
  };
  return c;
}

const mib = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size / 1024 / 1024 : 0);

function removeCache(indexDir: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${paths(indexDir).sentenceVectors}${suffix}`, { force: true });
}

async function askAll(config: Config, embedder: Embedder, questions: string[], what: string) {
  const counter = counting(embedder);
  const archive = await openArchive(config, { embedder: counter });
  try {
    const times: number[] = [];
    for (const q of questions) {
      const t0 = performance.now();
      await archive.ask(q);
      times.push(performance.now() - t0);
    }
    const s = summarize(times);
    // Every answer embeds its question once; the rest are sentences.
    return { what, p50Ms: s.p50, p95Ms: s.p95, sentencesEmbeddedPerAnswer: (counter.texts - questions.length) / questions.length };
  } finally {
    await archive.close();
  }
}

export async function benchSentenceVectors(): Promise<SentenceVectorFigures> {
  const loadStart = load1();
  const tmp = makeTempDir('sentence-vectors');
  const articlesDir = copyBbcSubset(path.join(tmp, 'articles'));
  const indexDir = path.join(tmp, 'index');
  const base = { ASK_CACHE_SECONDS: '0' };
  const perQuestion = measuredConfig(articlesDir, indexDir, { ...base, SENTENCE_CACHE_ROWS: '0' });
  const onDisk = measuredConfig(articlesDir, indexDir, { ...base, SENTENCE_CACHE_ROWS: '1000000' });
  const embedder = createEmbedder(perQuestion);
  try {
    const builder = await openArchive(perQuestion, { embedder: counting(embedder) });
    const t0 = performance.now();
    const report = await builder.reindex();
    const buildMs = performance.now() - t0;
    const stats = builder.stats()!;
    const sources = builder.listSources();
    await builder.close();

    const { covered, uncovered } = benchQuestions(sources, 85);
    const questions = [...covered, ...uncovered];
    // The same headlines in other words: the next template for each.
    const reworded = benchQuestions(sources, 85).covered.map((q) =>
      q.replace(/^What happened with "(.*)"\?$/, 'What do the articles say about $1?'),
    );

    for (const q of questions.slice(0, 5)) await embedder.embed([q]); // warm
    const runs = [];
    runs.push(await askAll(perQuestion, embedder, questions, 'per question (memory only)'));
    removeCache(indexDir);
    runs.push(await askAll(onDisk, embedder, questions, 'lazily on disk: first time'));
    runs.push(await askAll(onDisk, embedder, questions, 'lazily on disk: same questions after a restart'));
    runs.push(await askAll(onDisk, embedder, reworded, 'lazily on disk: the headlines reworded'));
    const lazyMiB = mib(paths(indexDir).sentenceVectors) + mib(`${paths(indexDir).sentenceVectors}-wal`);
    removeCache(indexDir);
    // Every sentence stored beforehand: what the bot's background prefill does after an index change, and what
    // storing them at index time would add to the build (the same embeddings).
    const filler = await openArchive(onDisk, { embedder: counting(embedder) });
    const tPrefill = performance.now();
    const prefilled = await filler.prefillSentenceVectors!();
    const prefillMs = performance.now() - tPrefill;
    await filler.close();
    const allMiB = mib(paths(indexDir).sentenceVectors) + mib(`${paths(indexDir).sentenceVectors}-wal`);
    runs.push(await askAll(onDisk, embedder, questions, 'every sentence stored beforehand (prefill, or at index time)'));
    return {
      articles: report.articles,
      chunks: report.chunks,
      indexBuild: { ms: buildMs, embedMs: report.embedMs, sizeMiB: stats.sizeBytes / 1024 / 1024 },
      allSentences: { count: prefilled.embedded, embedMs: prefillMs, cacheMiB: allMiB },
      runs: runs.map((r) => (r.what.startsWith('lazily on disk: the') ? { ...r, what: `${r.what} (cache ${lazyMiB.toFixed(1)} MiB)` } : r)),
      load: { start: loadStart, end: load1() },
    };
  } finally {
    await embedder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchSentenceVectors(), null, 2)}\n`);
}
