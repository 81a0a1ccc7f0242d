// One reindex at a time. A second one — in the same archive, another archive in the same
// process, or another process — is refused with a clear message; a lock left by a dead process does not block.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { ReindexBusyError, type Archive } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import type { Config } from '../../src/config.ts';
import { paths } from '../../src/store/layout.ts';
import type { ReindexReport } from '../../src/types.ts';
import { GateEmbedder, SharedLocalEmbedder } from '../helpers/embedders.ts';
import { BUNDLED_ARTICLES, copyDir, deadPid, killChildren, runCli, TempDirs, testConfig } from '../helpers/env.ts';

const tmp = new TempDirs();
const shared = new SharedLocalEmbedder();
let oneArticle: string;

beforeAll(() => {
  // A one-article corpus keeps the tests that only need some reindex to run quick.
  oneArticle = tmp.make();
  fs.copyFileSync(path.join(BUNDLED_ARTICLES, '003_0ecaf1dd4f595e33.txt'), path.join(oneArticle, '003_0ecaf1dd4f595e33.txt'));
});

afterAll(async () => {
  killChildren();
  await shared.dispose();
  tmp.removeAll();
});

function writeLock(config: Config, owner: { pid: number; host: string; startedAt?: string }): string {
  const file = paths(config.indexDir).lock;
  fs.mkdirSync(config.indexDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ startedAt: new Date().toISOString(), ...owner }));
  return file;
}

describe('while a reindex is running (held in its embed phase)', () => {
  let config: Config;
  let gate: GateEmbedder;
  let first: Archive;
  let running: Promise<ReindexReport>;

  beforeAll(async () => {
    config = testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make() });
    gate = new GateEmbedder(shared);
    first = await openArchive(config, { embedder: gate });
    running = first.reindex();
    await gate.entered;
  });

  afterAll(async () => {
    gate.release();
    await running.catch(() => {});
    await first.close();
  });

  test('the lock file names this process', () => {
    const owner = JSON.parse(fs.readFileSync(paths(config.indexDir).lock, 'utf8')) as { pid: number; host: string };
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, os.hostname());
  });

  test('the same archive refuses a second reindex with ReindexBusyError saying how far the first is', async () => {
    assert.equal(first.reindexProgress()?.phase, 'embed');
    await assert.rejects(first.reindex(), (err: Error) => {
      assert.ok(err instanceof ReindexBusyError);
      assert.match(err.message, /already running \(embedding passages 0\/\d+ \(0%\)\)/);
      assert.equal(err.progress?.phase, 'embed');
      return true;
    });
    await assert.rejects(
      first.addArticle('extra.txt', 'A second article would start a second reindex. It must wait its turn.'),
      ReindexBusyError,
    );
    assert.ok(!fs.existsSync(path.join(config.articlesDir, 'extra.txt')));
  });

  test('another archive on the same index is refused by the lock file, naming the holder', async () => {
    const second = await openArchive(config, { embedder: shared });
    try {
      await assert.rejects(second.reindex(), (err: Error) => {
        assert.ok(err instanceof ReindexBusyError, `${err.name}: ${err.message}`);
        assert.match(err.message, /already running/);
        assert.ok(err.message.includes(`pid ${process.pid}`), err.message);
        return true;
      });
    } finally {
      await second.close();
    }
  });

  test('the CLI refuses too: it exits non-zero and prints "already running"', { timeout: 60_000 }, async () => {
    const r = await runCli(['index'], { ARTICLES_DIR: config.articlesDir, INDEX_DIR: config.indexDir });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /already running/);
    assert.ok(r.stderr.includes(`pid ${process.pid}`), r.stderr);
  });

  test('the refusals did not disturb the running reindex, which then finishes and frees the lock', async () => {
    assert.ok(fs.existsSync(paths(config.indexDir).lock), 'a refused reindex must not remove the holder’s lock');
    gate.release();
    const report = await running;
    assert.equal(report.swapped, true);
    assert.equal(report.articles, 5);
    assert.ok(!fs.existsSync(paths(config.indexDir).lock));
    const again = await first.reindex();
    assert.equal(again.swapped, false);
  });
});

describe('stale and foreign locks', () => {
  test('a lock left by a dead process is taken over', async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    const lock = writeLock(config, { pid: await deadPid(), host: os.hostname() });
    const archive = await openArchive(config, { embedder: shared });
    try {
      const report = await archive.reindex();
      assert.equal(report.articles, 1);
      assert.ok(!fs.existsSync(lock), 'the lock is released afterwards');
    } finally {
      await archive.close();
    }
  });

  test('the CLI takes over a dead process’s lock too, and exits 0', { timeout: 60_000 }, async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    writeLock(config, { pid: await deadPid(), host: os.hostname() });
    const r = await runCli(['index'], { ARTICLES_DIR: config.articlesDir, INDEX_DIR: config.indexDir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 added/);
  });

  test('while another process is taking over a dead lock, a second taker is refused rather than racing it', async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    const lock = writeLock(config, { pid: await deadPid(), host: os.hostname() });
    fs.writeFileSync(`${lock}.takeover`, ''); // another process holds the takeover guard right now
    const archive = await openArchive(config, { embedder: shared });
    try {
      await assert.rejects(archive.reindex(), (e: Error) => e instanceof ReindexBusyError && /already running/.test(e.message));
      assert.ok(fs.existsSync(lock), 'the dead lock is left to the process taking it over');
      // A guard left behind by a taker that died is itself stale after a few seconds.
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(`${lock}.takeover`, old, old);
      assert.equal((await archive.reindex()).articles, 1);
      assert.ok(!fs.existsSync(lock) && !fs.existsSync(`${lock}.takeover`));
    } finally {
      await archive.close();
    }
  });

  test('an unreadable lock file that is not brand new is treated as stale', async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    const lock = paths(config.indexDir).lock;
    fs.mkdirSync(config.indexDir, { recursive: true });
    fs.writeFileSync(lock, '{"pid": 12');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const archive = await openArchive(config, { embedder: shared });
    try {
      assert.equal((await archive.reindex()).articles, 1);
    } finally {
      await archive.close();
    }
  });

  test('a lock held on another machine is respected (its process cannot be checked from here)', async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    const lock = writeLock(config, { pid: 4242, host: 'some-other-host.example' });
    const archive = await openArchive(config, { embedder: shared });
    try {
      await assert.rejects(
        archive.reindex(),
        (err: Error) => err instanceof ReindexBusyError && /pid 4242 on some-other-host\.example/.test(err.message),
      );
      assert.ok(fs.existsSync(lock));
    } finally {
      await archive.close();
    }
  });
});

describe('an aborted reindex', () => {
  test('leaves the live index as it was and frees the lock', async () => {
    const articlesDir = copyDir(BUNDLED_ARTICLES, path.join(tmp.make(), 'articles'));
    const config = testConfig({ articlesDir, indexDir: tmp.make() });
    const built = await openArchive(config, { embedder: shared });
    await built.reindex();
    const before = built.stats()!;
    await built.close();

    fs.writeFileSync(
      path.join(articlesDir, 'new.txt'),
      'Ankara and Moscow agreed to hold the next round of talks in Istanbul. The date is not fixed yet.\n',
    );
    const gate = new GateEmbedder(shared);
    const archive = await openArchive(config, { embedder: gate });
    const controller = new AbortController();
    const running = archive.reindex({ signal: controller.signal });
    await gate.entered;
    controller.abort(new Error('stopped by the test'));
    gate.release();
    await assert.rejects(running, /stopped by the test/);
    assert.ok(!fs.existsSync(paths(config.indexDir).lock));
    assert.deepEqual(fs.existsSync(paths(config.indexDir).staging) ? fs.readdirSync(paths(config.indexDir).staging) : [], []);
    const after = archive.stats()!;
    assert.equal(after.generation, before.generation);
    assert.equal(after.articles, 5);
    assert.ok(!archive.listSources().some((s) => s.id === 'new'));
    const report = await archive.reindex();
    assert.deepEqual(report.added, ['new']);
    await archive.close();
  });
});
