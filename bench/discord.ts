// Discord under load (issue 8): the real bot process (`archivist start`: real discord.js client, real archive
// over 500 BBC articles, extractive answers) against the loopback fake Discord, which runs in this process
// and enforces Discord's 3-second rule (an interaction first acknowledged later gets "Unknown interaction").
// The fake sends heartbeat_interval 1 s, so heartbeats can be timed. Three runs:
//   1. burst, rate limits raised: 200 /ask from 40 users within 5 s;
//   2. the same bot: a /reindex full:true of the 500 articles, with an /ask every 250 ms while it runs
//      (and a second /reindex, which must be told at once that one is running);
//   3. a new bot with the default rate limits (5/60 per user, 30/60 per server): the same burst.
// Per interaction: time from the INTERACTION_CREATE dispatch to the first callback (acknowledgement) and to
// the answer (or the private notice). Reads /work/shared/datasets (bench only).
//
//   node --import tsx bench/discord.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../src/config.ts';
import type { SourceInfo } from '../src/types.ts';
import { FakeDiscord } from '../test/fake-discord/fake-discord.ts';
import { botEnv, TEST_TOKEN } from '../test/fake-discord/harness.ts';
import { customIds, responseMessages } from '../test/fake-discord/inspect.ts';
import type { FakeUser } from '../test/fake-discord/model.ts';
import type { InteractionRecord } from '../test/fake-discord/state.ts';
import { copyBbcSubset } from './bbc-subset.ts';
import { percentile } from './percentiles.ts';
import { benchQuestions } from './questions.ts';

const USERS = 40;
const BURST = 200;
const BURST_WINDOW_MS = 5000;
const DURING_REINDEX_EVERY_MS = 250;
const HEARTBEAT_MS = 1000;
const ACK_DEADLINE_MS = 3000;
const EPHEMERAL = 64;

type Outcome = 'answered' | 'busy' | 'rate-limited' | 'error' | 'expired' | 'nothing';

interface Tracked {
  ix: InteractionRecord;
  /** When the answer or the private notice was seen, performance.now(). */
  doneAt: number | null;
  outcome: Outcome;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function outcomeOf(ix: InteractionRecord): Outcome | null {
  if (ix.expired) return 'expired';
  const messages = responseMessages(ix);
  if (messages.some((m) => customIds(m).some((id) => id.startsWith('ask:up:')))) return 'answered';
  const notes = messages.filter((m) => (Number(m.flags ?? 0) & EPHEMERAL) !== 0).map((m) => String(m.content ?? ''));
  const note = notes.join('\n');
  if (/busy answering|questions waiting/.test(note)) return 'busy';
  if (/faster than this bot allows|server has asked/.test(note)) return 'rate-limited';
  if (note) return 'error';
  return null;
}

/** Watches an interaction until it has its answer or a private notice (or expired). */
function track(fake: FakeDiscord, ix: InteractionRecord, timeoutMs: number): Tracked {
  const t: Tracked = { ix, doneAt: null, outcome: 'nothing' };
  fake
    .until(() => outcomeOf(ix), `interaction ${ix.id}`, timeoutMs)
    .then((o) => {
      t.outcome = o;
      t.doneAt = performance.now();
    })
    .catch(() => undefined);
  return t;
}

interface BotProcess {
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  /** The background prefill of sentence vectors is done (logged once after the warm-up). */
  prefilled: Promise<void>;
  exited: Promise<unknown>;
}

function startBot(fake: FakeDiscord, dir: string, extra: Record<string, string>): BotProcess {
  const env = botEnv(fake, dir, { LOG_LEVEL: 'info', ...extra });
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'archivist.js'), 'start'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let out = '';
  const logged = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(line) && resolve();
      child.stderr?.on('data', check);
      child.on('exit', (code) => reject(new Error(`the bot exited (code ${code}) before logging "${line}":\n${out.slice(-3000)}`)));
    });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const ready = logged('discord bot ready');
  const prefilled = logged('sentence vectors prefilled');
  prefilled.catch(() => undefined);
  return { child, output: () => out, ready, prefilled, exited: once(child, 'exit') };
}

/** Peak and current resident set size of a process, MiB (Linux /proc). */
function rssOf(pid: number): { peakMiB: number; nowMiB: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { peakMiB: round(kib('VmHWM') / 1024), nowMiB: round(kib('VmRSS') / 1024) };
}

/** BBC headlines as sources (first line of each file), for bench/questions.ts. */
function sourcesOf(articlesDir: string): SourceInfo[] {
  const out: SourceInfo[] = [];
  for (const category of fs.readdirSync(articlesDir).sort()) {
    for (const file of fs.readdirSync(path.join(articlesDir, category)).sort()) {
      const title = fs
        .readFileSync(path.join(articlesDir, category, file), 'latin1')
        .split('\n')[0]!
        .trim();
      out.push({ id: `${category}/${path.parse(file).name}`, title } as SourceInfo);
    }
  }
  return out;
}

function summary(prefix: string, tracked: Tracked[]): Record<string, number> {
  const acked = tracked.filter((t) => t.ix.callbackAt !== null && !t.ix.expired);
  const ack = acked.map((t) => t.ix.callbackAt! - t.ix.sentAt).sort((a, b) => a - b);
  const answered = tracked.filter((t) => t.outcome === 'answered');
  const answer = answered.map((t) => t.doneAt! - t.ix.sentAt).sort((a, b) => a - b);
  const count = (o: Outcome) => tracked.filter((t) => t.outcome === o).length;
  return {
    [`${prefix}.interactions`]: tracked.length,
    [`${prefix}.ack.within_3s`]: ack.filter((ms) => ms <= ACK_DEADLINE_MS).length,
    [`${prefix}.ack.p50_ms`]: round(percentile(ack, 50)),
    [`${prefix}.ack.p95_ms`]: round(percentile(ack, 95)),
    [`${prefix}.ack.p99_ms`]: round(percentile(ack, 99)),
    [`${prefix}.ack.max_ms`]: round(ack.at(-1) ?? Number.NaN),
    [`${prefix}.answered`]: answered.length,
    [`${prefix}.answer.p50_ms`]: round(percentile(answer, 50)),
    [`${prefix}.answer.p95_ms`]: round(percentile(answer, 95)),
    [`${prefix}.answer.max_ms`]: round(answer.at(-1) ?? Number.NaN),
    [`${prefix}.busy_notices`]: count('busy'),
    [`${prefix}.rate_limit_notices`]: count('rate-limited'),
    [`${prefix}.errors`]: count('error'),
    [`${prefix}.expired`]: count('expired'),
    [`${prefix}.left_without_reply`]: count('nothing'),
  };
}

/** Largest gap between two heartbeats received in [from, to], ms. */
function heartbeatGap(fake: FakeDiscord, from: number, to: number): number {
  const beats = fake.gatewayStats.heartbeats.filter((t) => t >= from && t <= to);
  let max = 0;
  for (let i = 1; i < beats.length; i++) max = Math.max(max, beats[i]! - beats[i - 1]!);
  return round(max);
}

async function burst(fake: FakeDiscord, users: FakeUser[], questions: string[], prefix: string): Promise<Record<string, number>> {
  const started = performance.now();
  const tracked: Tracked[] = [];
  for (let i = 0; i < BURST; i++) {
    const due = started + (i * BURST_WINDOW_MS) / BURST;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    tracked.push(track(fake, fake.command(users[i % USERS]!, 'ask', { options: { question: questions[i % questions.length]! } }), 180_000));
  }
  await fake
    .until(() => tracked.every((t) => t.outcome !== 'nothing') || null, 'every question answered or refused', 180_000)
    .catch(() => undefined);
  const end = performance.now();
  return {
    ...summary(prefix, tracked),
    [`${prefix}.wall_ms`]: round(end - started),
    [`${prefix}.heartbeat.max_gap_ms`]: heartbeatGap(fake, started, end),
  };
}

async function duringReindex(fake: FakeDiscord, users: FakeUser[], questions: string[]): Promise<Record<string, number>> {
  const moderator = fake.addUser('bench-moderator', 'admin');
  const started = performance.now();
  const reindex = fake.command(moderator, 'reindex', { options: { full: true } });
  const finished = () => /finished in/.test(String(reindex.original?.content ?? '')) || null;
  const tracked: Tracked[] = [];
  let second: InteractionRecord | null = null;
  for (let i = 0; !finished(); i++) {
    tracked.push(
      track(fake, fake.command(users[i % USERS]!, 'ask', { options: { question: questions[(i * 7) % questions.length]! } }), 120_000),
    );
    if (i === 20) second = fake.command(moderator, 'reindex', {});
    await sleep(DURING_REINDEX_EVERY_MS);
    if (performance.now() - started > 600_000) throw new Error('the reindex took over 10 minutes');
  }
  const reindexMs = performance.now() - started;
  await fake.until(() => tracked.every((t) => t.outcome !== 'nothing') || null, 'every question answered', 120_000).catch(() => undefined);
  const end = performance.now();
  const busyReply = second?.callbackAt ? second.callbackAt - second.sentAt : Number.NaN;
  return {
    ...summary('reindex.asks', tracked),
    'reindex.duration_ms': round(reindexMs),
    'reindex.reindex_ack_ms': round((reindex.callbackAt ?? Number.NaN) - reindex.sentAt),
    'reindex.second_reindex_reply_ms': round(busyReply),
    'reindex.heartbeat.max_gap_ms': heartbeatGap(fake, started, end),
  };
}

export async function benchDiscord(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archivist-bench-discord-'));
  const fake = await FakeDiscord.start([TEST_TOKEN], { heartbeatIntervalMs: HEARTBEAT_MS, ackDeadlineMs: ACK_DEADLINE_MS });
  const bots: BotProcess[] = [];
  const load = () => Number(os.loadavg()[0]!.toFixed(2));
  const figures: Record<string, number> = { 'discord.heartbeat_interval_ms': HEARTBEAT_MS, 'load.start': load() };
  try {
    const articlesDir = copyBbcSubset(path.join(dir, 'articles'));
    const { covered, uncovered } = benchQuestions(sourcesOf(articlesDir), 100);
    const questions = [...covered, ...uncovered];
    const users = Array.from({ length: USERS }, (_, i) => fake.addUser(`bench-user-${i}`));

    // The index is built by the first bot's start-up (`archivist start` builds a missing index).
    const raised = { RATE_LIMIT_USER: '1000/60', RATE_LIMIT_GUILD: '100000/60' };
    const t0 = performance.now();
    const first = startBot(fake, dir, raised);
    bots.push(first);
    await first.ready;
    figures['startup.first_run_with_indexing_ms'] = round(performance.now() - t0);
    // Steady state: the bursts start once the sentences are embedded (README, Performance, says so).
    const tPrefill = performance.now();
    await first.prefilled;
    figures['startup.prefill_after_ready_ms'] = round(performance.now() - tPrefill);
    Object.assign(figures, await burst(fake, users, questions, 'burst.raised'));
    figures['load.after_burst_raised'] = load();
    Object.assign(figures, await duringReindex(fake, users, questions));
    figures['load.after_reindex'] = load();
    const rss1 = rssOf(first.child.pid!);
    figures['rss.bot1.peak_mib'] = rss1.peakMiB;
    first.child.kill('SIGTERM');
    await first.exited;

    const t1 = performance.now();
    // The product's defaults (botEnv raises them for tests).
    const second = startBot(fake, dir, { RATE_LIMIT_USER: '5/60', RATE_LIMIT_GUILD: '30/60' });
    bots.push(second);
    await second.ready;
    figures['startup.warm_index_ms'] = round(performance.now() - t1);
    await second.prefilled; // everything is stored already: a quick pass
    Object.assign(figures, await burst(fake, users, questions, 'burst.default_limits'));
    figures['rss.bot2.peak_mib'] = rssOf(second.child.pid!).peakMiB;
    figures['load.end'] = load();
    return figures;
  } catch (err) {
    for (const b of bots) process.stderr.write(`bench/discord: a bot process said:\n${b.output().slice(-5000)}\n`);
    throw err;
  } finally {
    for (const b of bots) if (b.child.exitCode === null) b.child.kill('SIGTERM');
    await Promise.all(bots.map((b) => b.exited));
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function describeDiscord(f: Record<string, number>): string {
  const row = (name: string, p: string) =>
    `| ${name} | ${f[`${p}.interactions`]} | ${f[`${p}.ack.within_3s`]} | ${f[`${p}.ack.p50_ms`]} / ${f[`${p}.ack.p95_ms`]} / ${f[`${p}.ack.p99_ms`]} / ${f[`${p}.ack.max_ms`]} | ${f[`${p}.answered`]} | ${f[`${p}.answer.p50_ms`]} / ${f[`${p}.answer.p95_ms`]} | ${f[`${p}.busy_notices`]} busy, ${f[`${p}.rate_limit_notices`]} rate limit, ${f[`${p}.errors`]} errors, ${f[`${p}.expired`]} expired, ${f[`${p}.left_without_reply`]} nothing |`;
  return [
    '| run | asks | acked ≤ 3 s | ack p50 / p95 / p99 / max (ms) | answered | answer p50 / p95 (ms) | otherwise |',
    '|---|---|---|---|---|---|---|',
    row('200 /ask, 40 users, 5 s, limits raised', 'burst.raised'),
    row(`/ask every ${DURING_REINDEX_EVERY_MS} ms during a full reindex`, 'reindex.asks'),
    row('200 /ask, 40 users, 5 s, default limits', 'burst.default_limits'),
    '',
    `Full reindex of 500 articles inside the bot: ${round(f['reindex.duration_ms']! / 1000)} s; its deferral ${f['reindex.reindex_ack_ms']} ms; a second /reindex told "already running" after ${f['reindex.second_reindex_reply_ms']} ms.`,
    `Largest gap between heartbeats (interval ${HEARTBEAT_MS} ms): ${f['burst.raised.heartbeat.max_gap_ms']} ms in the raised burst, ${f['reindex.heartbeat.max_gap_ms']} ms during the reindex, ${f['burst.default_limits.heartbeat.max_gap_ms']} ms in the default-limits burst.`,
    `Peak RSS of the bot process: ${f['rss.bot1.peak_mib']} MiB (burst and reindex), ${f['rss.bot2.peak_mib']} MiB (default limits).`,
    `Start-up: ${round(f['startup.first_run_with_indexing_ms']! / 1000)} s on first run (indexing 500 articles, then login and warm-up), then ${round(f['startup.prefill_after_ready_ms']! / 1000)} s of background sentence prefill before the first burst; ${round(f['startup.warm_index_ms']! / 1000)} s with the index built.`,
    `1-minute load average: ${f['load.start']} at start, ${f['load.after_burst_raised']} after the first burst, ${f['load.after_reindex']} after the reindex, ${f['load.end']} at the end.`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const f = await benchDiscord();
  process.stdout.write(`${describeDiscord(f)}\n\n${JSON.stringify(f, null, 2)}\n`);
}
