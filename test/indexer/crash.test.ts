// A reindex killed at any moment never damages the live index, and the next reindex recovers (takes over
// the dead process's lock, removes what it left in staging).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { ReindexBusyError } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import type { Config } from '../../src/config.ts';
import { currentGeneration, paths } from '../../src/store/layout.ts';
import { SharedLocalEmbedder } from '../helpers/embedders.ts';
import {
  BUNDLED_ARTICLES,
  BUNDLED_IDS,
  copyDir,
  killChildren,
  REINDEX_CHILD,
  startCli,
  startScript,
  TempDirs,
  testConfig,
  waitForOutput,
} from '../helpers/env.ts';
import { writeSyntheticArticles } from '../helpers/synthetic.ts';

const tmp = new TempDirs();
const shared = new SharedLocalEmbedder();
const QUESTION = 'Why did the US impose sanctions on Turkey?';

/** Builds the 5 bundled articles into a fresh index; returns its config and live generation. */
async function buildBundled(): Promise<{ config: Config; generation: string }> {
  const articlesDir = copyDir(BUNDLED_ARTICLES, path.join(tmp.make(), 'articles'));
  const config = testConfig({ articlesDir, indexDir: tmp.make() });
  const archive = await openArchive(config, { embedder: shared });
  await archive.reindex();
  const generation = archive.stats()!.generation;
  await archive.close();
  return { config, generation };
}

/** The index as a fresh process would see it: still the 5 bundled articles, and it answers. */
async function assertOldIndexServes(config: Config, generation: string): Promise<void> {
  const archive = await openArchive(config, { embedder: shared });
  try {
    const stats = archive.stats();
    assert.ok(stats, 'the index still opens');
    assert.equal(stats.generation, generation);
    assert.equal(stats.articles, 5);
    assert.deepEqual(
      archive
        .listSources()
        .map((s) => s.id)
        .sort(),
      [...BUNDLED_IDS],
    );
    const r = await archive.ask(QUESTION);
    assert.equal(r.refused, false, r.answer);
    assert.ok(r.citations.length > 0);
    assert.ok(
      r.citations.some((c) => /S-400|sanction/i.test(c.quote)),
      JSON.stringify(r.citations.map((c) => c.quote)),
    );
  } finally {
    await archive.close();
  }
}

const lockOwner = (config: Config) => (JSON.parse(fs.readFileSync(paths(config.indexDir).lock, 'utf8')) as { pid: number }).pid;
const stagingEntries = (config: Config) =>
  fs.existsSync(paths(config.indexDir).staging) ? fs.readdirSync(paths(config.indexDir).staging) : [];

afterAll(async () => {
  killChildren();
  await shared.dispose();
  tmp.removeAll();
});

describe('the CLI killed (SIGKILL) while embedding a large corpus', () => {
  let config: Config;
  let generation: string;
  let bigCorpus: string;
  let childPid = 0;

  beforeAll(async () => {
    ({ config, generation } = await buildBundled());
    // 300 synthetic articles (about 1,000 passages): far more than can be embedded before the kill.
    bigCorpus = tmp.make();
    writeSyntheticArticles(bigCorpus, 300);
  });

  test('is killed once its progress shows embedding has started, while holding the lock', { timeout: 120_000 }, async () => {
    const { child, done } = startCli(['index', '--dir', bigCorpus], { ARTICLES_DIR: config.articlesDir, INDEX_DIR: config.indexDir });
    childPid = child.pid!;
    await waitForOutput(child, 'stderr', /embedding passages \d+\/\d+/);
    // Still running: another reindex is refused, naming the child.
    const other = await openArchive(config, { embedder: shared });
    try {
      await assert.rejects(other.reindex(), (err: Error) => err instanceof ReindexBusyError && err.message.includes(`pid ${childPid}`));
    } finally {
      await other.close();
    }
    child.kill('SIGKILL');
    const result = await done;
    assert.equal(result.signal, 'SIGKILL', `the child ended on its own: ${result.stderr}`);
    assert.doesNotMatch(result.stdout, /Articles: \d+ added/, 'it was killed before finishing');
  });

  test('the previous index still opens and answers', { timeout: 60_000 }, async () => {
    assert.equal(currentGeneration(config.indexDir)?.name, generation);
    await assertOldIndexServes(config, generation);
  });

  test('the next reindex takes over the dead process’s lock and works', { timeout: 60_000 }, async () => {
    assert.equal(lockOwner(config), childPid, 'the dead child’s lock is still there');
    fs.appendFileSync(
      path.join(config.articlesDir, `${BUNDLED_IDS[0]}.txt`),
      '\nThe ministers agreed to meet again in Kazan in the autumn.\n',
    );
    const archive = await openArchive(config, { embedder: shared });
    try {
      const report = await archive.reindex();
      assert.deepEqual(report.updated, [BUNDLED_IDS[0]]);
      assert.equal(report.swapped, true);
      assert.equal(archive.stats()!.articles, 5);
      assert.ok(!fs.existsSync(paths(config.indexDir).lock), 'the lock is released');
      assert.deepEqual(stagingEntries(config), []);
      const r = await archive.ask('Where will the ministers meet in the autumn?');
      assert.ok(r.citations.some((c) => c.articleId === BUNDLED_IDS[0] && /Kazan/.test(c.quote)));
    } finally {
      await archive.close();
    }
  });
});

describe('a reindex killed at the last moment: new generation fully staged, not yet published', () => {
  let config: Config;
  let generation: string;
  let staged: string[] = [];

  beforeAll(async () => {
    ({ config, generation } = await buildBundled());
    fs.writeFileSync(
      path.join(config.articlesDir, 'kazan.txt'),
      'Kazan to host the next round of talks\n\nTurkish and Russian diplomats will meet in Kazan next month to prepare a visit by the two presidents, the foreign ministry said.\n',
    );
  });

  test('the child dies with its new generation complete in staging', { timeout: 60_000 }, async () => {
    const { child, done } = startScript(REINDEX_CHILD, ['swap'], { ARTICLES_DIR: config.articlesDir, INDEX_DIR: config.indexDir });
    const result = await done;
    assert.equal(result.signal, 'SIGKILL', result.stdout + result.stderr);
    assert.match(result.stdout, /crashing at swap/);
    staged = stagingEntries(config);
    assert.equal(staged.length, 1, 'one generation was left in staging');
    const files = fs.readdirSync(path.join(paths(config.indexDir).staging, staged[0]!)).sort();
    assert.deepEqual(files, ['archive.db', 'manifest.json', 'vectors.hnsw']);
    assert.equal(lockOwner(config), child.pid);
  });

  test('CURRENT still names the previous generation, which serves as before', { timeout: 60_000 }, async () => {
    assert.equal(currentGeneration(config.indexDir)?.name, generation);
    await assertOldIndexServes(config, generation);
  });

  test('the next reindex removes the leftover staging, takes over the lock and publishes', { timeout: 60_000 }, async () => {
    // Also what a crash between publish's two renames would leave: a generation CURRENT does not name, and
    // CURRENT's temp file (made by hand: that window is too short to hit with a kill).
    const orphan = path.join(paths(config.indexDir).generations, 'g-20200101-000000-orphan');
    fs.mkdirSync(orphan);
    fs.writeFileSync(path.join(orphan, 'manifest.json'), '{}');
    const currentTmp = `${paths(config.indexDir).current}.99999.tmp`;
    fs.writeFileSync(currentTmp, 'g-20200101-000000-orphan\n');
    const archive = await openArchive(config, { embedder: shared });
    try {
      const report = await archive.reindex();
      assert.deepEqual(report.added, ['kazan']);
      assert.equal(report.swapped, true);
      assert.ok(!fs.existsSync(path.join(paths(config.indexDir).staging, staged[0]!)), 'the crashed staging folder is gone');
      assert.deepEqual(stagingEntries(config), []);
      assert.ok(!fs.existsSync(paths(config.indexDir).lock));
      const live = currentGeneration(config.indexDir)!.name;
      assert.notEqual(live, generation);
      assert.notEqual(live, staged[0], 'the crashed generation is not published as is');
      // Only the live generation and the one before it are kept.
      assert.deepEqual(fs.readdirSync(paths(config.indexDir).generations).sort(), [generation, live].sort());
      assert.ok(!fs.existsSync(orphan) && !fs.existsSync(currentTmp));
      assert.equal(archive.stats()!.articles, 6);
    } finally {
      await archive.close();
    }
  });
});
