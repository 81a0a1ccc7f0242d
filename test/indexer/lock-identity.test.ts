// The lock: it names its holder beyond the pid (boot id, start time from /proc, a token), so a lock
// whose pid now belongs to another process (a restarted container's pid 1, or this very process) is stale and
// taken over, while a lock held by a live process, this one included, is still respected.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { ReindexBusyError } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import { paths } from '../../src/store/layout.ts';
import { bootId, FileLock, holderAlive, type LockOwner, processStart } from '../../src/store/lock.ts';
import { SharedLocalEmbedder } from '../helpers/embedders.ts';
import { BUNDLED_ARTICLES, deadPid, killChildren, runCli, TempDirs, testConfig } from '../helpers/env.ts';

const tmp = new TempDirs();
const shared = new SharedLocalEmbedder();
const onLinux = fs.existsSync('/proc/self/stat');
let oneArticle: string;

beforeAll(() => {
  oneArticle = tmp.make();
  fs.copyFileSync(path.join(BUNDLED_ARTICLES, '003_0ecaf1dd4f595e33.txt'), path.join(oneArticle, '003_0ecaf1dd4f595e33.txt'));
});

afterAll(async () => {
  killChildren();
  await shared.dispose();
  tmp.removeAll();
});

const here = (owner: Partial<LockOwner> & { pid: number }): LockOwner => ({
  host: os.hostname(),
  startedAt: new Date().toISOString(),
  bootId: bootId(),
  token: 'a-token',
  ...owner,
});

function writeLock(indexDir: string, owner: LockOwner): string {
  const file = paths(indexDir).lock;
  fs.mkdirSync(indexDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(owner));
  return file;
}

describe.runIf(onLinux)('who holds the lock (Linux: boot id and start time from /proc)', () => {
  test('this process, with its own start time: alive (another archive of this process holds it)', () => {
    assert.equal(holderAlive(here({ pid: process.pid, processStart: processStart(process.pid) })), true);
  });

  test('this pid with another start time, or written by an older archivist (no token): stale', () => {
    assert.equal(holderAlive(here({ pid: process.pid, processStart: processStart(process.pid)! - 1 })), false);
    assert.equal(holderAlive({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }), false);
  });

  test('pid 1 with another start time (a restarted container gave pid 1 to a new process): stale', () => {
    assert.equal(holderAlive(here({ pid: 1, processStart: processStart(1)! + 12345 })), false);
    // An older lock without a start time: pid 1 started after the lock was taken, so it cannot be the holder.
    assert.equal(holderAlive({ pid: 1, host: os.hostname(), startedAt: '2001-01-01T00:00:00.000Z' }), false);
  });

  test('a lock from another boot of this machine: stale, even if its pid runs now', () => {
    assert.equal(holderAlive(here({ pid: 1, bootId: '00000000-0000-0000-0000-000000000000', processStart: processStart(1) })), false);
  });

  test('another live process with its start time: alive; once it exits: stale', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const owner = here({ pid: child.pid!, processStart: processStart(child.pid!) });
      assert.equal(holderAlive(owner), true);
      assert.equal(holderAlive({ ...owner, processStart: owner.processStart! - 1 }), false, 'same pid, another process');
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
      assert.equal(holderAlive(owner), false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('a lock on another machine is respected (its processes cannot be seen from here)', () => {
    assert.equal(holderAlive({ pid: 1, host: 'elsewhere.example', startedAt: '2001-01-01T00:00:00.000Z' }), true);
  });
});

describe.runIf(onLinux)('reindexing past a lock whose pid was reused', () => {
  test('a lock naming pid 1 from before a container restart is taken over', async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    const lock = writeLock(config.indexDir, here({ pid: 1, processStart: processStart(1)! + 500 }));
    const archive = await openArchive(config, { embedder: shared });
    try {
      assert.equal((await archive.reindex()).articles, 1);
      assert.ok(!fs.existsSync(lock));
    } finally {
      await archive.close();
    }
  });

  test('a lock naming this process’s own pid, left by an earlier process with that pid, is taken over', async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    writeLock(config.indexDir, here({ pid: process.pid, processStart: processStart(process.pid)! - 100, token: 'earlier' }));
    const archive = await openArchive(config, { embedder: shared });
    try {
      assert.equal((await archive.reindex()).articles, 1);
    } finally {
      await archive.close();
    }
  });

  test('the CLI takes over a pid-1 lock left by an older archivist (no start time), and exits 0', { timeout: 60_000 }, async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    writeLock(config.indexDir, { pid: 1, host: os.hostname(), startedAt: '2001-01-01T00:00:00.000Z' });
    const r = await runCli(['index'], { ARTICLES_DIR: config.articlesDir, INDEX_DIR: config.indexDir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 added/);
  });

  test('a lock held by this process is still respected, and only its holder’s token releases it', async () => {
    const config = testConfig({ articlesDir: oneArticle, indexDir: tmp.make() });
    fs.mkdirSync(config.indexDir, { recursive: true });
    const held = FileLock.acquire(paths(config.indexDir).lock);
    const archive = await openArchive(config, { embedder: shared });
    try {
      await assert.rejects(
        archive.reindex(),
        (err: Error) => err instanceof ReindexBusyError && err.message.includes(`pid ${process.pid}`),
      );
      const owner = FileLock.owner(paths(config.indexDir).lock)!;
      assert.equal(owner.pid, process.pid);
      assert.equal(owner.bootId, bootId());
      assert.equal(owner.processStart, processStart(process.pid));
      assert.match(owner.token ?? '', /^[0-9a-f]{24}$/);
    } finally {
      held.release();
      await archive.close();
    }
    assert.ok(!fs.existsSync(paths(config.indexDir).lock));
  });
});

test('a dead pid is stale on any system', async () => {
  assert.equal(holderAlive(here({ pid: await deadPid() })), false);
});
