// `npm run bench`: indexing throughput on the BBC corpus, then warm query latency (retrieval alone
// and full extractive answers, one at a time and eight at once), then serving: the model's worker
// (bench/embed-pool.ts), sentence vectors per question / on disk / at index time (bench/sentence-vectors.ts)
// and the Discord bot under load (bench/discord.ts).
// A readable report goes to stdout, progress to stderr, the figures to bench/results/latest.json.
//
//   --only LIST       some of: core (indexing and latency), pool, sentences, discord (default: all)
//   --index-dir DIR   build the BBC index there and keep it; if it already holds an index, the
//                     indexing bench is skipped and only latency is measured (for quick reruns)
//   --covered N       headline questions (default 85; 15 uncovered questions are always added)
//   --width N         questions at once in the concurrent runs (default 8)
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openArchive } from '../src/archive.ts';
import { createEmbedder } from '../src/embed/create.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { retrieve } from '../src/retrieve/retriever.ts';
import { closeSnapshot, openSnapshot } from '../src/store/snapshot.ts';
import type { AskResult } from '../src/types.ts';
import type { Config } from '../src/config.ts';
import {
  datasetPath,
  load1,
  machine,
  makeTempDir,
  measuredConfig,
  REPO_ROOT,
  revision,
  runMain,
  sharedEmbedder,
  writeResults,
} from '../eval/env.ts';
import { note } from '../eval/progress.ts';
import { markdownTable } from '../eval/table.ts';
import { benchDiscord, describeDiscord } from './discord.ts';
import { benchEmbedPool, type ShapeFigures } from './embed-pool.ts';
import { benchSentenceVectors, type SentenceVectorFigures } from './sentence-vectors.ts';
import { benchIndex, type IndexBench } from './index-bbc.ts';
import { concurrent, sequential } from './latency.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { benchQuestions, WARM_UP } from './questions.ts';

const { values: args } = parseArgs({
  options: {
    'index-dir': { type: 'string' },
    covered: { type: 'string', default: '85' },
    width: { type: 'string', default: '8' },
    only: { type: 'string', default: 'core,pool,sentences,discord' },
  },
});
const parts = new Set(args.only.split(',').map((p) => p.trim()));

interface LatencyRow {
  what: string;
  at: 'one at a time' | `${number} at once`;
  summary: LatencySummary;
  /** Questions per second over the whole run. */
  throughput: number;
}

async function retrievalLatency(config: Config, embedder: Embedder, questions: string[], width: number): Promise<LatencyRow[]> {
  const snapshot = openSnapshot(config.indexDir);
  if (!snapshot) throw new Error(`No index in ${config.indexDir}`);
  try {
    // The product's retrieval exactly as ask() runs it: configured fusion, k and diversify.
    const task = (q: string) => retrieve(snapshot, embedder, q, { ...config.retrieval });
    for (const q of WARM_UP) await task(q);
    const t0 = performance.now();
    const seq = await sequential(questions, task, 'retrieve, one at a time');
    const seqWall = performance.now() - t0;
    const conc = await concurrent(questions, task, width, `retrieve, ${width} at once`);
    return [
      {
        what: 'retrieval (embed query + hybrid search)',
        at: 'one at a time',
        summary: summarize(seq),
        throughput: (1000 * questions.length) / seqWall,
      },
      {
        what: 'retrieval (embed query + hybrid search)',
        at: `${width} at once`,
        summary: summarize(conc.latencies),
        throughput: (1000 * questions.length) / conc.wallMs,
      },
    ];
  } finally {
    closeSnapshot(snapshot);
  }
}

interface AskRun {
  row: LatencyRow;
  refusedCovered: number;
  refusedUncovered: number;
  /** Which questions went the unexpected way, for whoever tunes the refusal threshold. */
  refusedHeadlineQuestions: string[];
  answeredUncoveredQuestions: string[];
  retrieveMsP50: number;
  answerMsP50: number;
}

/** A fresh archive per run: its sentence-vector cache starts empty, so one run does not warm the next. */
async function askLatency(
  config: Config,
  embedder: Embedder,
  covered: string[],
  uncovered: string[],
  width: number | null,
): Promise<AskRun> {
  const archive = await openArchive(config, { embedder: sharedEmbedder(embedder) });
  try {
    const results = new Map<string, AskResult>();
    const task = async (q: string) => results.set(q, await archive.ask(q));
    for (const q of WARM_UP) await archive.ask(q);
    const questions = [...covered, ...uncovered];
    const t0 = performance.now();
    const latencies =
      width === null
        ? await sequential(questions, task, 'ask, one at a time')
        : (await concurrent(questions, task, width, `ask, ${width} at once`)).latencies;
    const wall = performance.now() - t0;
    const all = [...results.values()];
    return {
      row: {
        what: 'full extractive answer (ask)',
        at: width === null ? 'one at a time' : `${width} at once`,
        summary: summarize(latencies),
        throughput: (1000 * questions.length) / wall,
      },
      refusedCovered: covered.filter((q) => results.get(q)?.refused).length,
      refusedUncovered: uncovered.filter((q) => results.get(q)?.refused).length,
      refusedHeadlineQuestions: covered.filter((q) => results.get(q)?.refused),
      answeredUncoveredQuestions: uncovered.filter((q) => results.get(q)?.refused === false),
      retrieveMsP50: summarize(all.map((r) => r.timings.retrieveMs)).p50,
      answerMsP50: summarize(all.map((r) => r.timings.answerMs)).p50,
    };
  } finally {
    await archive.close();
  }
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function printIndex(ix: IndexBench | null, indexDir: string): void {
  console.log('## Indexing (BBC News, 2,225 articles)\n');
  if (!ix) {
    console.log(`Skipped: ${indexDir} already held an index (--index-dir). Run without it for indexing figures.\n`);
    return;
  }
  const f = ix.full;
  console.log(
    markdownTable(
      ['measure', 'value'],
      [
        ['articles indexed / chunks', `${ix.articles} / ${ix.chunks}`],
        ['full index from scratch', `${(f.durationMs / 1000).toFixed(1)} s`],
        ['articles/s', f.articlesPerSec.toFixed(1)],
        ['chunks/s', f.chunksPerSec.toFixed(1)],
        ['time spent embedding', `${(100 * f.embedShare).toFixed(1)}% (${(f.embedMs / 1000).toFixed(1)} s)`],
        [
          'unchanged reindex',
          `${(ix.unchanged.durationMs / 1000).toFixed(1)} s, ${ix.unchanged.chunksEmbedded} chunks embedded, ${ix.unchanged.swapped ? 'swapped' : 'live index kept'}`,
        ],
        ['peak RSS (after indexing)', `${ix.peakRssMB.toFixed(0)} MiB`],
        ['index size on disk', `${mb(ix.sizeBytes)} MiB`],
        ['files failed / with warnings', `${ix.failed.length} / ${ix.warnings.length}`],
      ],
    ),
  );
  for (const w of ix.warnings) console.log(`\n- warning: ${w.path}: ${w.reason}`);
  for (const w of ix.failed) console.log(`\n- failed: ${w.path}: ${w.reason}`);
  console.log('');
}

function printLatency(rows: LatencyRow[], asks: AskRun[], covered: number, uncovered: number): void {
  console.log(`## Query latency, warm (${covered + uncovered} questions: ${covered} from headlines, ${uncovered} not covered; ms)\n`);
  console.log(
    markdownTable(
      ['what', 'concurrency', 'p50', 'p95', 'mean', 'max', 'questions/s'],
      rows.map((r) => [r.what, r.at, ms(r.summary.p50), ms(r.summary.p95), ms(r.summary.mean), ms(r.summary.max), r.throughput.toFixed(1)]),
    ),
  );
  console.log('');
  for (const a of asks) {
    console.log(
      `- ask, ${a.row.at}: median ${ms(a.retrieveMsP50)} ms retrieving + ${ms(a.answerMsP50)} ms composing (ask's own timings); ` +
        `refused ${a.refusedCovered}/${covered} headline questions and ${a.refusedUncovered}/${uncovered} uncovered ones.`,
    );
  }
  const first = asks[0];
  if (first?.answeredUncoveredQuestions.length)
    console.log(`- uncovered questions answered anyway: ${first.answeredUncoveredQuestions.map((q) => `"${q}"`).join('; ')}`);
  console.log('');
}

interface CoreFigures {
  indexing: IndexBench | null;
  retrieval: LatencyRow[];
  asks: AskRun[];
  questions: string[];
  peakRssMB: number;
}

/** Indexing the whole BBC corpus, then warm query latency over it. */
async function benchCore(tmp: string): Promise<CoreFigures & { indexDir: string; config: Config }> {
  const indexDir = args['index-dir'] ? path.resolve(args['index-dir']) : path.join(tmp, 'bbc-index');
  // Every answer computed in full, as before the caches: the sentence-vector section measures what they save.
  const config = measuredConfig(datasetPath('bbc-news', 'bbc'), indexDir, { SENTENCE_CACHE_ROWS: '0', ASK_CACHE_SECONDS: '0' });
  const embedder = createEmbedder(config);
  const width = Number(args.width);
  try {
    await embedder.init();
    const archive = await openArchive(config, { embedder: sharedEmbedder(embedder) });
    let indexing: IndexBench | null;
    let sources: ReturnType<typeof archive.listSources>;
    try {
      indexing = archive.stats() ? null : await benchIndex(archive);
      sources = archive.listSources();
    } finally {
      await archive.close();
    }
    const { covered, uncovered } = benchQuestions(sources, Number(args.covered));
    const questions = [...covered, ...uncovered];
    const retrieval = await retrievalLatency(config, embedder, questions, width);
    const asks = [
      await askLatency(config, embedder, covered, uncovered, null),
      await askLatency(config, embedder, covered, uncovered, width),
    ];
    return { indexing, retrieval, asks, questions, peakRssMB: process.resourceUsage().maxRSS / 1024, indexDir, config };
  } finally {
    await embedder.close();
  }
}

function printPool(shapes: ShapeFigures[]): void {
  console.log("## The model's worker thread (onnxruntime threads; 24 questions at once = query + 20 sentences each)\n");
  console.log(
    markdownTable(
      [
        'threads',
        'RSS added',
        'warm-up',
        'query alone',
        '20 sentences alone',
        'burst p50 / p95',
        'questions/s',
        'passages/s',
        'main-thread timer lag p99 / max',
      ],
      shapes.map((f) => [
        String(f.threads),
        `${f.rssAddedMiB.toFixed(0)} MiB`,
        `${ms(f.warmMs)} ms`,
        `${ms(f.single.queryMs)} ms`,
        `${ms(f.single.sentencesMs)} ms`,
        `${ms(f.burst.p50Ms)} / ${ms(f.burst.p95Ms)} ms`,
        f.burst.questionsPerSec.toFixed(1),
        f.bulk.passagesPerSec.toFixed(1),
        `${ms(f.loopDelay.p99Ms)} / ${ms(f.loopDelay.maxMs)} ms`,
      ]),
    ),
  );
  console.log('');
}

function printSentences(f: SentenceVectorFigures): void {
  console.log(`## Sentence vectors (${f.articles} BBC articles, ${f.chunks} passages; 100 questions one at a time)\n`);
  console.log(
    `Index: ${(f.indexBuild.ms / 1000).toFixed(1)} s (${(f.indexBuild.embedMs / 1000).toFixed(1)} s embedding), ${f.indexBuild.sizeMiB.toFixed(1)} MiB. ` +
      `Every candidate sentence: ${f.allSentences.count}, embedded in ${(f.allSentences.embedMs / 1000).toFixed(1)} s, ${f.allSentences.cacheMiB.toFixed(1)} MiB on disk.\n`,
  );
  console.log(
    markdownTable(
      ['sentence vectors', 'answer p50', 'answer p95', 'sentences embedded per answer'],
      f.runs.map((r) => [r.what, `${ms(r.p50Ms)} ms`, `${ms(r.p95Ms)} ms`, r.sentencesEmbeddedPerAnswer.toFixed(1)]),
    ),
  );
  console.log('');
}

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date().toISOString();
  const loadAtStart = load1();
  const tmp = makeTempDir('bench');
  try {
    // The Discord bench first: its 3-second and 300 ms goals are the ones most sensitive to other load.
    if (parts.has('discord')) note('Discord bench...');
    const discord = parts.has('discord') ? await benchDiscord() : null;
    const loadAfterDiscord = load1();
    const core = parts.has('core') ? await benchCore(tmp) : null;
    if (parts.has('pool')) note('model worker bench...');
    const pool = parts.has('pool') ? benchEmbedPool([1, 2]) : null;
    if (parts.has('sentences')) note('sentence vectors bench...');
    const sentences = parts.has('sentences') ? await benchSentenceVectors() : null;
    const totalMs = performance.now() - started;
    const loadAtEnd = load1();

    const rev = revision();
    console.log(
      `# Archivist bench, ${date.slice(0, 10)} (commit ${rev.commit}${rev.srcDirty ? ', src/ modified' : ''}; ${machine().cpus} cores, ${machine().cpuModel}, Node ${process.version})\n`,
    );
    if (core) {
      printIndex(core.indexing, core.indexDir);
      printLatency([...core.retrieval, ...core.asks.map((a) => a.row)], core.asks, core.questions.length - 15, 15);
      console.log(`Peak RSS of the bench process after indexing and latency: ${core.peakRssMB.toFixed(0)} MiB.\n`);
    }
    if (pool) printPool(pool);
    if (sentences) printSentences(sentences);
    if (discord) console.log(`## Discord bot under load\n\n${describeDiscord(discord)}\n`);
    console.log(
      `Total: ${(totalMs / 60_000).toFixed(1)} min (1-min load average ${loadAtStart} at start, ${loadAfterDiscord} after the Discord bench, ${loadAtEnd} at end).`,
    );

    const out = writeResults('bench', {
      date,
      machine: machine(),
      revision: revision(),
      loadAtStart,
      loadAfterDiscord,
      loadAtEnd,
      config: core
        ? { chunking: core.config.chunking, retrieval: core.config.retrieval, embedBatchSize: core.config.embedder.batchSize }
        : null,
      indexing: core?.indexing ?? null,
      retrieval: core?.retrieval ?? null,
      asks: core?.asks ?? null,
      peakRssMB: core?.peakRssMB ?? null,
      pool,
      sentences,
      discord,
      questions: core?.questions ?? null,
      totalMs,
    });
    note(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
