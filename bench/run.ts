// `npm run bench`: indexing throughput on the BBC corpus, then warm query latency (retrieval alone
// and full extractive answers, one at a time and eight at once), then the Discord adapter's bench.
// A readable report goes to stdout, progress to stderr, the figures to bench/results/latest.json.
//
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
import { runDiscordBench } from './discord-hook.ts';
import { benchIndex, type IndexBench } from './index-bbc.ts';
import { concurrent, sequential } from './latency.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { benchQuestions, WARM_UP } from './questions.ts';

const { values: args } = parseArgs({
  options: {
    'index-dir': { type: 'string' },
    covered: { type: 'string', default: '85' },
    width: { type: 'string', default: '8' },
  },
});

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

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date().toISOString();
  const loadAtStart = load1();
  const tmp = makeTempDir('bench');
  const indexDir = args['index-dir'] ? path.resolve(args['index-dir']) : path.join(tmp, 'bbc-index');
  const config = measuredConfig(datasetPath('bbc-news', 'bbc'), indexDir);
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
    const peakRssMB = process.resourceUsage().maxRSS / 1024;
    note('Discord bench...');
    const discord = await runDiscordBench();
    const totalMs = performance.now() - started;
    const loadAtEnd = load1();

    const rev = revision();
    console.log(
      `# Archivist bench, ${date.slice(0, 10)} (commit ${rev.commit}${rev.srcDirty ? ', src/ modified' : ''}; ${machine().cpus} cores, ${machine().cpuModel}, Node ${process.version})\n`,
    );
    printIndex(indexing, indexDir);
    printLatency([...retrieval, ...asks.map((a) => a.row)], asks, covered.length, uncovered.length);
    console.log(`Peak RSS over the whole bench: ${peakRssMB.toFixed(0)} MiB.\n`);
    console.log('## Discord adapter\n');
    if ('skipped' in discord) console.log(`Skipped: ${discord.skipped}.\n`);
    else
      console.log(
        `${markdownTable(
          ['measure', 'value'],
          Object.entries(discord.figures).map(([k, v]) => [k, Number.isInteger(v) ? v : v.toFixed(2)]),
        )}\n`,
      );
    console.log(`Total: ${(totalMs / 60_000).toFixed(1)} min (1-min load average ${loadAtStart} at start, ${loadAtEnd} at end).`);

    const out = writeResults('bench', {
      date,
      machine: machine(),
      revision: revision(),
      loadAtStart,
      loadAtEnd,
      config: { chunking: config.chunking, retrieval: config.retrieval, embedBatchSize: config.embedder.batchSize },
      indexing,
      retrieval,
      asks,
      peakRssMB,
      discord,
      questions,
      totalMs,
    });
    note(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await embedder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
