// Recovery from damage: a damaged live generation (garbage in archive.db or manifest.json, vectors.hnsw
// cut short or deleted, counts that disagree, a CURRENT naming nothing) is reported plainly by status, ask and
// stats, with the command that repairs it; `index` rebuilds it from the articles without reading it, and so does
// `index --full`. Every file of a new generation is read back before the swap, and storage errors (disk full,
// permission denied) reach the user as one sentence naming the path and what to do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, test, vi } from 'vitest';
import { openArchive } from '../../src/archive.ts';
import type { Config } from '../../src/config.ts';
import { explain, IndexDamagedError, StorageError, storageError } from '../../src/errors.ts';
import { currentGeneration, generationFiles, paths } from '../../src/store/layout.ts';
import { checkVectorFile, VectorIndex } from '../../src/store/vectors.ts';
import { SharedLocalEmbedder } from '../helpers/embedders.ts';
import { BUNDLED_ARTICLES, CLI, cliEnv, copyDir, killChildren, runCli, TempDirs, testConfig } from '../helpers/env.ts';

const tmp = new TempDirs();
const shared = new SharedLocalEmbedder();
const QUESTION = 'Why did the US sanction Turkey?';
let articlesDir: string;
let pristine: string;

beforeAll(async () => {
  articlesDir = copyDir(BUNDLED_ARTICLES, path.join(tmp.make(), 'articles'));
  pristine = tmp.make();
  const archive = await openArchive(testConfig({ articlesDir, indexDir: pristine }), { embedder: shared });
  await archive.reindex();
  await archive.close();
});

afterAll(async () => {
  killChildren();
  await shared.dispose();
  tmp.removeAll();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A copy of the healthy index, with `damage` applied to its live generation's folder. */
function damagedCopy(damage: (generationDir: string) => void): Config {
  const indexDir = tmp.make();
  fs.cpSync(pristine, indexDir, { recursive: true });
  damage(currentGeneration(indexDir)!.dir);
  return testConfig({ articlesDir, indexDir });
}

/** Overwrites `length` bytes of `file` at `offset` with garbage (deterministic, never a valid page). */
function scribble(file: string, offset: number, length: number): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(length, 0xa7), 0, length, offset);
  fs.closeSync(fd);
}

const DAMAGES: Array<[string, (dir: string) => void, RegExp]> = [
  ['archive.db: 4 KB of garbage at the start', (d) => scribble(generationFiles(d).db, 0, 4096), /archive\.db is not a SQLite database/],
  [
    'archive.db: 64 KB of garbage in the middle',
    (d) => scribble(generationFiles(d).db, Math.floor(fs.statSync(generationFiles(d).db).size / 2 / 4096) * 4096, 65536),
    /archive\.db (is corrupt|fails SQLite's quick check)/,
  ],
  [
    'archive.db: garbage throughout',
    (d) => fs.writeFileSync(generationFiles(d).db, Buffer.alloc(fs.statSync(generationFiles(d).db).size, 0x5a)),
    /archive\.db is not a SQLite database/,
  ],
  [
    'manifest.json: garbage',
    (d) => fs.writeFileSync(generationFiles(d).manifest, '{"format": 1, garbage'),
    /manifest\.json is not valid JSON/,
  ],
  [
    'manifest.json: valid JSON that is no manifest',
    (d) => fs.writeFileSync(generationFiles(d).manifest, '{"format": 1}'),
    /manifest\.json is not an index manifest/,
  ],
  ['vectors.hnsw: cut short', (d) => fs.truncateSync(generationFiles(d).vectors, 20_000), /vectors\.hnsw is cut short/],
  ['vectors.hnsw: deleted', (d) => fs.rmSync(generationFiles(d).vectors), /vectors\.hnsw is missing/],
  [
    'keyword rows missing (counts disagree)',
    (d) => {
      const db = new Database(generationFiles(d).db);
      db.prepare('DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks_fts LIMIT 3)').run();
      db.close();
    },
    /counts disagree .*keyword rows/,
  ],
];

describe('a damaged live generation', () => {
  for (const [what, damage, problem] of DAMAGES) {
    test(`${what}: reported with its repair, never answered from; \`index\` rebuilds it without reading it`, async () => {
      const config = damagedCopy(damage);
      const archive = await openArchive(config, { embedder: shared });
      try {
        const damaged = (err: unknown) => {
          assert.ok(err instanceof IndexDamagedError, String(err));
          assert.match(err.message, problem);
          assert.match(err.message, /Rebuild it from the articles with `archivist index`/);
          assert.match(explain(err, 'discord').message, /A moderator can rebuild it from the articles with `\/reindex`/);
          return true;
        };
        assert.throws(() => archive.stats(), damaged);
        assert.throws(() => archive.listSources(), damaged);
        await assert.rejects(archive.ask(QUESTION), damaged);

        const report = await archive.reindex();
        assert.match(report.repaired ?? '', problem);
        assert.equal(report.swapped, true);
        assert.deepEqual(report.added.length, 5, 'every article is read anew: nothing came from the damaged index');
        assert.equal(archive.stats()?.articles, 5);
        const answer = await archive.ask(QUESTION);
        assert.equal(answer.refused, false);
        // The damaged generation is not kept as "the one before".
        assert.deepEqual(fs.readdirSync(paths(config.indexDir).generations), [archive.stats()!.generation]);
      } finally {
        await archive.close();
      }
    });
  }

  test('a CURRENT that names no generation is damage too, and `index --full` repairs it', async () => {
    const config = damagedCopy(() => {});
    fs.writeFileSync(paths(config.indexDir).current, 'not a generation\n');
    const archive = await openArchive(config, { embedder: shared });
    try {
      assert.throws(() => archive.stats(), /CURRENT file does not name an index generation/);
      const report = await archive.reindex({ full: true });
      assert.match(report.repaired ?? '', /CURRENT/);
      assert.equal(archive.stats()?.articles, 5);
    } finally {
      await archive.close();
    }
  });

  test('`index --full` repairs an index whose database and manifest are both garbage', async () => {
    const config = damagedCopy((d) => {
      fs.writeFileSync(generationFiles(d).db, 'x'.repeat(5000));
      fs.writeFileSync(generationFiles(d).manifest, 'garbage');
    });
    const archive = await openArchive(config, { embedder: shared });
    try {
      const report = await archive.reindex({ full: true });
      assert.equal(report.added.length, 5);
      assert.equal(archive.stats()?.chunks, report.chunks);
    } finally {
      await archive.close();
    }
  });

  test('a generation repaired in place (a backup restored) is read again', async () => {
    const config = damagedCopy(() => {});
    const live = currentGeneration(config.indexDir)!;
    const saved = fs.readFileSync(generationFiles(live.dir).vectors);
    fs.rmSync(generationFiles(live.dir).vectors);
    const archive = await openArchive(config, { embedder: shared });
    try {
      assert.throws(() => archive.stats(), IndexDamagedError);
      fs.writeFileSync(generationFiles(live.dir).vectors, saved);
      assert.equal(archive.stats()?.articles, 5);
    } finally {
      await archive.close();
    }
  });

  test('the CLI: `status` exits 1 with one plain line; `status --json` says "damaged"; `ask` too; `index` repairs', async () => {
    const config = damagedCopy((d) => scribble(generationFiles(d).db, 0, 4096));
    const vars = { ARTICLES_DIR: config.articlesDir, INDEX_DIR: config.indexDir };
    const status = await runCli(['status'], vars);
    assert.equal(status.code, 1);
    assert.match(
      status.stderr,
      /^archivist: The index in .* is damaged: archive\.db is not a SQLite database\. Rebuild it .*`archivist index`/,
    );
    assert.doesNotMatch(status.stderr, /\n\s+at |SqliteError/, 'no stack trace');
    const json = await runCli(['status', '--json'], vars);
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout) as { status: string; problem: string; message: string };
    assert.equal(parsed.status, 'damaged');
    assert.match(parsed.problem, /not a SQLite database/);
    const ask = await runCli(['ask', QUESTION], vars);
    assert.equal(ask.code, 1);
    assert.match(ask.stderr, /is damaged: archive\.db is not a SQLite database/);
    assert.doesNotMatch(ask.stderr, /\n\s+at |SqliteError/);
    const index = await runCli(['index'], vars);
    assert.equal(index.code, 0, index.stderr);
    assert.match(index.stdout, /The previous index was damaged \(archive\.db is not a SQLite database\): rebuilt from the articles/);
    const after = await runCli(['status'], vars);
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout, /Checked: .*whole/);
  });
});

describe('a new generation is verified before the swap', () => {
  test('vectors written short (as hnswlib does on a full disk, without an error) are caught; the live index stays', async () => {
    const config = damagedCopy(() => {});
    fs.writeFileSync(path.join(articlesDir, 'kestrel.txt'), 'The Kestrel Bridge over the Avonmere opened on 3 March 2023.\n');
    const before = currentGeneration(config.indexDir)!.name;
    const save = VectorIndex.prototype.save;
    vi.spyOn(VectorIndex.prototype, 'save').mockImplementation(function (this: VectorIndex, file: string) {
      save.call(this, file);
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    });
    // The spy lives on this thread: the reindex must run here too.
    const archive = await openArchive(config, { embedder: shared, reindexOnCallingThread: true });
    try {
      await assert.rejects(archive.reindex(), (err: unknown) => {
        assert.ok(err instanceof StorageError, String(err));
        assert.match(err.message, /^The new index failed its check before being published \(vectors\.hnsw is cut short/);
        assert.match(
          err.message,
          /the current index was kept; make sure the disk holding .* has free space, then run `archivist index` again\.$/,
        );
        assert.match(explain(err, 'discord').message, /disk on its server is full/);
        assert.doesNotMatch(explain(err, 'discord').message, new RegExp(config.indexDir));
        return true;
      });
      assert.equal(currentGeneration(config.indexDir)!.name, before);
      assert.deepEqual(fs.readdirSync(paths(config.indexDir).staging), []);
      assert.equal(archive.stats()?.articles, 5);
    } finally {
      await archive.close();
      fs.rmSync(path.join(articlesDir, 'kestrel.txt'));
    }
  });

  test('checkVectorFile: a whole file passes; a short, padded, miscounted or foreign one is named', () => {
    const dir = tmp.make();
    const file = path.join(dir, 'v.hnsw');
    const index = VectorIndex.create(8, 16);
    for (let i = 1; i <= 40; i++)
      index.add(
        i,
        Float32Array.from({ length: 8 }, (_, k) => Math.sin(i * (k + 1))),
      );
    index.remove(3);
    index.save(file);
    assert.equal(checkVectorFile(file, 8, 40), null);
    assert.match(checkVectorFile(file, 8, 39) ?? '', /holds 40 vectors where the index has 39/);
    assert.match(checkVectorFile(file, 16, 40) ?? '', /not that of an hnswlib index of 16-dimension vectors/);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 1));
    assert.match(checkVectorFile(file, 8, 40) ?? '', /cut short/);
    fs.writeFileSync(file, Buffer.concat([whole, Buffer.alloc(10)]));
    assert.match(checkVectorFile(file, 8, 40) ?? '', /10 bytes more/);
    fs.writeFileSync(file, whole.subarray(0, 50));
    assert.match(checkVectorFile(file, 8, 40) ?? '', /too short for its header/);
  });
});

describe('storage errors are one sentence naming the path and what to do', () => {
  test('disk full while writing the new index (ENOSPC): the live index stays and serves', async () => {
    const config = damagedCopy(() => {});
    fs.writeFileSync(path.join(articlesDir, 'kestrel.txt'), 'The Kestrel Bridge over the Avonmere opened on 3 March 2023.\n');
    const before = currentGeneration(config.indexDir)!.name;
    const writeFileSync = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (String(file).endsWith('manifest.json')) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      }
      return writeFileSync(file, data, options);
    });
    // The spy lives on this thread: the reindex must run here too.
    const archive = await openArchive(config, { embedder: shared, reindexOnCallingThread: true });
    try {
      await assert.rejects(archive.reindex(), (err: unknown) => {
        assert.ok(err instanceof StorageError, String(err));
        assert.equal(
          err.message,
          `Writing the new index failed: there is no room left for ${config.indexDir} (ENOSPC); free some space on that disk, then run \`archivist index\` again (the current index keeps answering).`,
        );
        return true;
      });
      vi.restoreAllMocks();
      assert.equal(currentGeneration(config.indexDir)!.name, before);
      assert.equal((await archive.ask(QUESTION)).refused, false);
    } finally {
      await archive.close();
      fs.rmSync(path.join(articlesDir, 'kestrel.txt'));
    }
  });

  test('each kind of failure gets its own advice; bugs and the core’s own errors pass unchanged', () => {
    const fsError = (code: string, p?: string) => Object.assign(new Error(`${code}: failed`), { code, ...(p ? { path: p } : {}) });
    const denied = storageError(fsError('EACCES', '/srv/index/staging'), '/srv/index', 'Writing the new index') as StorageError;
    assert.ok(denied instanceof StorageError);
    assert.match(denied.message, /archivist may not write \/srv\/index\/staging \(EACCES\); give the user running it write access/);
    assert.match(explain(denied, 'discord').message, /permission denied/);
    assert.doesNotMatch(explain(denied, 'discord').message, /\/srv/);
    const full = storageError(fsError('SQLITE_FULL'), '/srv/index', 'Writing the new index') as StorageError;
    assert.match(full.message, /no room left for \/srv\/index \(SQLITE_FULL\)/);
    const io = storageError(fsError('SQLITE_IOERR_WRITE'), '/srv/index', 'Writing the new index') as StorageError;
    assert.match(io.message, /reported an I\/O error \(SQLITE_IOERR_WRITE\); check the disk/);
    assert.ok(storageError(fsError('SQLITE_CORRUPT'), '/srv/index', 'Reading') instanceof IndexDamagedError);
    const vote = storageError(fsError('ENOSPC'), '/srv/index/feedback.db', 'Recording the feedback', 'then vote again', 'your vote');
    assert.match(explain(vote, 'discord').message, /^The bot could not save your vote: the disk on its server is full\./);
    const bug = new TypeError('x is undefined');
    assert.equal(storageError(bug, '/srv/index', 'Writing'), bug);
    for (const err of [denied, full, io]) {
      assert.equal(explain(err, 'cli').message.split(/(?<=\.) /).length, 1, `one sentence: ${err.message}`);
    }
  });

  test('the CLI on a disk that runs out of room (a file size limit): one sentence, exit 1, the old index serves', async () => {
    const config = damagedCopy(() => {});
    const bigger = copyDir(articlesDir, path.join(tmp.make(), 'articles'));
    fs.writeFileSync(path.join(bigger, 'kestrel.txt'), 'The Kestrel Bridge over the Avonmere opened on 3 March 2023.\n');
    // `ulimit -f` makes every write past 64 KiB fail (EFBIG), as a full disk would: the new database cannot be written.
    const run = spawnSync('sh', ['-c', `ulimit -f 64 && exec "${process.execPath}" "${CLI}" index`], {
      env: cliEnv({ ARTICLES_DIR: bigger, INDEX_DIR: config.indexDir }),
      encoding: 'utf8',
    });
    assert.equal(run.status, 1, run.stderr);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('archivist:'));
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^archivist: Writing the new index failed: .*(no room left|I\/O error).*then run `archivist index` again/);
    assert.doesNotMatch(run.stderr, /\n\s+at |SqliteError/);
    const status = await runCli(['status'], { ARTICLES_DIR: bigger, INDEX_DIR: config.indexDir });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Articles: {2}5/);
    assert.deepEqual(fs.readdirSync(paths(config.indexDir).staging), []);
  });
});
