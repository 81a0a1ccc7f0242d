// Sizing the model's worker: for each count of onnxruntime threads, the memory the worker adds, one
// question's latency alone (the query, then its 20 candidate sentences), the same under a burst of 24
// questions at once, bulk throughput on passages, and how late the main thread's timers run meanwhile (what
// an acknowledgement or a heartbeat would wait). Each count runs in its own process: onnxruntime-node can be
// loaded by one thread per process only (see src/embed/pool.ts). Reads BBC articles for realistic texts.
//
//   node --import tsx bench/embed-pool.ts [--threads 1,2]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { chunkText } from '../src/chunk/chunker.ts';
import { splitSentences } from '../src/chunk/sentences.ts';
import { PoolEmbedder } from '../src/embed/pool.ts';
import { resolveModelBaseDir, verifyModelFiles } from '../src/embed/model-files.ts';
import { workerScript } from '../src/shared/workers.ts';
import { datasetPath, load1 } from '../eval/env.ts';
import { summarize } from './percentiles.ts';

export interface ShapeFigures {
  threads: number;
  warmMs: number;
  rssAddedMiB: number;
  single: { queryMs: number; sentencesMs: number };
  burst: { p50Ms: number; p95Ms: number; wallMs: number; questionsPerSec: number };
  bulk: { passagesPerSec: number };
  loopDelay: { p99Ms: number; maxMs: number };
}

function bbcTexts(): { questions: string[]; sentences: string[]; passages: string[] } {
  const dir = datasetPath('bbc-news', 'bbc', 'business');
  const files = fs.readdirSync(dir).sort().slice(0, 60);
  const sentences: string[] = [];
  const passages: string[] = [];
  const questions: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'latin1');
    const [title = '', ...rest] = text.split('\n');
    questions.push(`What happened with ${title.trim()}?`);
    const body = rest.join('\n');
    sentences.push(...splitSentences(body).map((s) => body.slice(s.start, s.end)));
    passages.push(...chunkText(body, { targetWords: 130, overlapSentences: 1 }).map((c) => `${title}\n${c.text}`));
  }
  return { questions, sentences, passages };
}

const rssMiB = () => process.memoryUsage().rss / 1024 / 1024;

async function measure(threads: number, texts: ReturnType<typeof bbcTexts>): Promise<ShapeFigures> {
  const rssBefore = rssMiB();
  const pool = new PoolEmbedder({
    script: workerScript(new URL('../src/embed/create.ts', import.meta.url).href, 'embed-worker'),
    workerData: { modelDir: undefined, batchSize: 8, intraOpThreads: threads, interOpThreads: 1, verified: true },
    batchSize: 8,
    preflight: () => verifyModelFiles(resolveModelBaseDir(undefined)),
  });
  try {
    const t0 = performance.now();
    await pool.init();
    const warmMs = performance.now() - t0;
    const rssAdded = rssMiB() - rssBefore;
    const question = async (i: number) => {
      await pool.embed([texts.questions[i % texts.questions.length]!]);
      const start = (i * 20) % (texts.sentences.length - 20);
      await pool.embed(texts.sentences.slice(start, start + 20));
    };
    // One at a time: median of 10.
    const q: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < 10; i++) {
      const a = performance.now();
      await pool.embed([texts.questions[i]!]);
      const b = performance.now();
      await pool.embed(texts.sentences.slice(i * 20, i * 20 + 20));
      q.push(b - a);
      s.push(performance.now() - b);
    }
    // A burst: 24 questions at once, the main thread's timers watched meanwhile.
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const burstStart = performance.now();
    const latencies = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        await question(i + 10);
        return performance.now() - burstStart;
      }),
    );
    const wallMs = performance.now() - burstStart;
    // Bulk: 160 passages in slices of 16, as the reindex sends them.
    const bulkStart = performance.now();
    const bulk = texts.passages.slice(0, 160);
    for (let i = 0; i < bulk.length; i += 16) await pool.background().embed(bulk.slice(i, i + 16));
    const bulkMs = performance.now() - bulkStart;
    delay.disable();
    const burst = summarize(latencies);
    return {
      threads,
      warmMs,
      rssAddedMiB: rssAdded,
      single: { queryMs: summarize(q).p50, sentencesMs: summarize(s).p50 },
      burst: { p50Ms: burst.p50, p95Ms: burst.p95, wallMs, questionsPerSec: (24 * 1000) / wallMs },
      bulk: { passagesPerSec: (bulk.length * 1000) / bulkMs },
      loopDelay: { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 },
    };
  } finally {
    await pool.close();
  }
}

/** Measures each thread count in a child process of its own. */
export function benchEmbedPool(threadCounts: number[]): ShapeFigures[] {
  return threadCounts.map((t) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--one', String(t)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out) as ShapeFigures;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { threads: { type: 'string', default: '1,2' }, one: { type: 'string' } } });
  if (values.one) {
    process.stdout.write(JSON.stringify(await measure(Number(values.one), bbcTexts())));
  } else {
    process.stdout.write(`load average at start: ${load1()}\n`);
    for (const f of benchEmbedPool(values.threads.split(',').map(Number))) process.stdout.write(`${JSON.stringify(f)}\n`);
    process.stdout.write(`load average at end: ${load1()}\n`);
  }
}
