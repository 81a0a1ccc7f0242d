// The CLI end to end on a temp INDEX_DIR — index, status, sources, and a second index run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { paths } from '../../src/store/layout.ts';
import type { IndexStats, SourceInfo } from '../../src/types.ts';
import { BUNDLED_ARTICLES, BUNDLED_IDS, killChildren, runCli, TempDirs, type CliResult } from '../helpers/env.ts';

const [A000, A001, A002, A003, A004] = BUNDLED_IDS;
const tmp = new TempDirs();
let vars: Record<string, string>;
let indexRun: CliResult;

beforeAll(async () => {
  vars = { ARTICLES_DIR: BUNDLED_ARTICLES, INDEX_DIR: tmp.make() };
  indexRun = await runCli(['index'], vars);
});

afterAll(() => {
  killChildren();
  tmp.removeAll();
});

describe('archivist index', () => {
  test('indexes the five bundled articles and says so', () => {
    assert.equal(indexRun.code, 0, indexRun.stderr);
    assert.match(indexRun.stdout, /^Articles: 5 added, 0 updated, 0 unchanged, 0 removed, 0 failed$/m);
    assert.match(indexRun.stdout, /^Chunks embedded: (\d+) \(index now holds 5 articles, \1 chunks\)$/m);
    assert.doesNotMatch(indexRun.stdout, /Failed:|Warnings:/);
  });

  test('shows its progress on stderr (not a terminal: plain lines)', () => {
    assert.match(indexRun.stderr, /reading files 5\/5/);
    assert.match(indexRun.stderr, /embedding passages \d+\/\d+/);
  });

  test('run again, it embeds nothing and keeps the live index', { timeout: 60_000 }, async () => {
    const current = fs.readFileSync(paths(vars.INDEX_DIR!).current, 'utf8');
    const r = await runCli(['index'], vars);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0 added, 0 updated, 5 unchanged, 0 removed, 0 failed/);
    assert.match(r.stdout, /Chunks embedded: 0 /);
    assert.match(r.stdout, /nothing changed: live index kept/);
    assert.equal(fs.readFileSync(paths(vars.INDEX_DIR!).current, 'utf8'), current);
  });
});

describe('archivist status', () => {
  test('shows 5 articles, the embedder and the size', { timeout: 60_000 }, async () => {
    const r = await runCli(['status'], vars);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Articles: +5$/m);
    assert.match(r.stdout, /^Chunks: +\d+$/m);
    assert.match(r.stdout, /^Embedder: +local onnx-community\/all-MiniLM-L6-v2-ONNX:q4 \(384 dimensions\)$/m);
    assert.match(r.stdout, /^Size: +\d+(\.\d)? (KB|MB)$/m);
    assert.ok(r.stdout.includes(vars.INDEX_DIR!), 'names the index folder');
  });

  test('--json gives the same as numbers', { timeout: 60_000 }, async () => {
    const r = await runCli(['status', '--json'], vars);
    assert.equal(r.code, 0, r.stderr);
    const stats = JSON.parse(r.stdout) as IndexStats;
    assert.equal(stats.articles, 5);
    assert.ok(stats.chunks >= 15);
    assert.deepEqual(stats.embedder, { provider: 'local', model: 'onnx-community/all-MiniLM-L6-v2-ONNX:q4', dimension: 384 });
    assert.ok(stats.sizeBytes > 100_000, `${stats.sizeBytes} bytes`);
    assert.equal(stats.indexDir, vars.INDEX_DIR);
    assert.equal(stats.generation, fs.readFileSync(paths(vars.INDEX_DIR!).current, 'utf8').trim());
    assert.ok(!Number.isNaN(Date.parse(stats.builtAt)));
  });

  test('without an index: says how to build one and exits 1', { timeout: 60_000 }, async () => {
    const r = await runCli(['status'], { ...vars, INDEX_DIR: tmp.make() });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /No index yet\. Build it with `archivist index`/);
  });
});

describe('archivist sources', () => {
  test('--json lists ids, titles, dates and chunk counts', { timeout: 60_000 }, async () => {
    const r = await runCli(['sources', '--json'], vars);
    assert.equal(r.code, 0, r.stderr);
    const sources = JSON.parse(r.stdout) as SourceInfo[];
    assert.deepEqual(sources.map((s) => s.id).sort(), [...BUNDLED_IDS]);
    const byId = new Map(sources.map((s) => [s.id, s]));
    assert.equal(byId.get(A001)!.title, 'Turkish, Russian foreign ministers meet in Sochi');
    assert.equal(byId.get(A003)!.title, '“We have common goals with Turkey” – Lavrov-Cavusoglu meeting');
    for (const id of [A000, A002, A004]) assert.equal(byId.get(id)!.title, null, id);
    assert.equal(byId.get(A000)!.date, '2024-02-29');
    assert.equal(byId.get(A004)!.date, '2020-12-29');
    for (const id of [A001, A002, A003]) assert.equal(byId.get(id)!.date, null, id);
    for (const s of sources) {
      assert.ok(Number.isInteger(s.chunks) && s.chunks >= 1, `${s.id}: ${s.chunks} chunks`);
      assert.ok(s.chars > 1000, `${s.id}: ${s.chars} chars`);
      assert.equal(s.sourcePath, `${s.id}.txt`);
    }
    const status = JSON.parse((await runCli(['status', '--json'], vars)).stdout) as IndexStats;
    assert.equal(
      sources.reduce((n, s) => n + s.chunks, 0),
      status.chunks,
      'chunk counts add up to the index total',
    );
    assert.deepEqual(
      sources.slice(0, 2).map((s) => s.id),
      [A000, A004],
      'dated articles first, newest first',
    );
  });

  test('the plain listing shows each id with its title, or the label of its lead, and its chunk count', { timeout: 60_000 }, async () => {
    const r = await runCli(['sources'], vars);
    assert.equal(r.code, 0, r.stderr);
    for (const id of BUNDLED_IDS) assert.match(r.stdout, new RegExp(`^${id}$`, 'm'));
    assert.match(r.stdout, /Turkish, Russian foreign ministers meet in Sochi · \d+ chunks/);
    assert.match(r.stdout, /Russia has expressed its anticipation that an upcoming meeting .*… — 2024-02-29 · \d+ chunks/);
    assert.match(r.stdout, /Foreign Minister Mevlut Cavusoglu visits Russian Federation on 29 December 2020 — 2020-12-29/);
    assert.doesNotMatch(r.stdout, /no title/);
  });
});

describe('archivist ask', () => {
  test('--json answers from the index with citations to the bundled articles', { timeout: 60_000 }, async () => {
    const r = await runCli(['ask', '--json', 'Why did the US impose sanctions on Turkey?'], vars);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { refused: boolean; citations: Array<{ articleId: string; quote: string }> };
    assert.equal(result.refused, false);
    assert.ok(result.citations.length > 0);
    assert.ok(result.citations.every((c) => (BUNDLED_IDS as readonly string[]).includes(c.articleId)));
    assert.ok(result.citations.some((c) => /S-400/.test(c.quote)));
  });
});
