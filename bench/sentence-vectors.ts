// Fewer embeddings per answer (issue 8): an answer embeds its question and up to 20 candidate sentences.
// This measures, on 500 BBC articles and 100 questions, one at a time:
//   - per question: sentences embedded for each answer (kept in memory only: what a restart loses);
//   - lazily on disk: the vectors an answer embeds are kept in INDEX_DIR/sentence-vectors.db, then reused
//     (cold, after a restart, and for the same headlines asked in other words);
//   - at index time: every sentence embedded while indexing, so no answer embeds any (its cost is measured
//     by embedding all of them, and its answers by a cache holding all of them).
// ASK_CACHE_SECONDS=0 throughout, so no answer is reused whole.
//
//   node --import tsx bench/sentence-vectors.ts
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { candidateSentences } from '../src/answer/candidates.ts';
import { openArchive } from '../src/archive.ts';
import type { Config } from '../src/config.ts';
import { createEmbedder } from '../src/embed/create.ts';
import { EmbeddingCache } from '../src/embed/embedding-cache.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { paths } from '../src/store/layout.ts';
import { closeSnapshot, openSnapshot } from '../src/store/snapshot.ts';
import type { Passage } from '../src/types.ts';
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

    // Index time: every candidate sentence of every article.
    const snapshot = openSnapshot(indexDir)!;
    const texts = new Set<string>();
    for (const a of sources) {
      const passages: Passage[] = snapshot.db
        .chunksOf(a.id)
        .map((c) => ({ ...c, chunkId: c.id, title: a.title, outlet: a.outlet, date: a.date, url: a.url, score: 1 }));
      for (const c of candidateSentences(passages)) texts.add(c.text);
    }
    closeSnapshot(snapshot);
    const all = [...texts];
    const tEmbed = performance.now();
    const vectors: Float32Array[] = [];
    for (let i = 0; i < all.length; i += 64) vectors.push(...(await embedder.background!().embed(all.slice(i, i + 64))));
    const allEmbedMs = performance.now() - tEmbed;
    const precomputedFile = path.join(tmp, 'precomputed.db');
    const pre = new EmbeddingCache({ file: precomputedFile, model: 'bench', maxRows: 10_000_000 });
    pre.put(all.map((t, i) => [t, vectors[i]!]));
    pre.close();

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
    // Index time: a cache holding every sentence, under the cache key of the configured model.
    const full = new EmbeddingCache({
      file: paths(indexDir).sentenceVectors,
      model: 'local:onnx-community/all-MiniLM-L6-v2-ONNX:q4:384',
      maxRows: 10_000_000,
    });
    full.put(all.map((t, i) => [t, vectors[i]!]));
    full.close();
    runs.push(await askAll(onDisk, embedder, questions, 'at index time (every sentence stored)'));
    return {
      articles: report.articles,
      chunks: report.chunks,
      indexBuild: { ms: buildMs, embedMs: report.embedMs, sizeMiB: stats.sizeBytes / 1024 / 1024 },
      allSentences: { count: all.length, embedMs: allEmbedMs, cacheMiB: mib(precomputedFile) },
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
