// A folder of bad files beside good ones. Every good article is indexed, every bad file is
// reported with a reason that names its problem, nothing crashes, and the CLI fails only when nothing could be read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { InputError } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import { openSnapshot } from '../../src/store/snapshot.ts';
import type { FailedSource, ReindexReport, SourceInfo } from '../../src/types.ts';
import { SharedLocalEmbedder } from '../helpers/embedders.ts';
import { copyDir, FIXTURES, killChildren, runCli, TempDirs, testConfig } from '../helpers/env.ts';

const tmp = new TempDirs();
const shared = new SharedLocalEmbedder();
const FIXTURE_DIR = path.join(FIXTURES, 'bad-input');
const GOOD_IDS = ['good-1', 'good-2', 'latin1', 'partial#1', 'partial#3'];
/** Every bad file (or line) and what its reason must say. */
const EXPECTED_FAILURES: Array<[string, RegExp]> = [
  ['empty.txt', /empty file/],
  ['whitespace.txt', /only white space/],
  ['binary.txt', /binary file/],
  ['chart.png', /unsupported file type "\.png"/],
  ['malformed.json', /invalid JSON/],
  ['partial.jsonl:2', /invalid JSON/],
  ['partial.jsonl:4', /not an article object/],
  ['partial.jsonl:5', /no text/],
  ['scripts-only.html', /no article text/],
  ['moved-away.txt', /broken symbolic link.*gone\/moved-article\.txt/],
  ['huge.txt', /50\.0 MB, over the 5\.0 MB limit \(MAX_ARTICLE_BYTES\)/],
  ['loop', /symbolic link to a folder that is already read/],
];

let mixedDir: string;
let report: ReindexReport;
let sources: SourceInfo[];
let texts: Map<string, string>;

/** A temp copy of the committed fixtures plus what is made at run time: a dangling link, a link loop, a 50 MB file. */
function makeMixedFolder(): string {
  const dir = copyDir(FIXTURE_DIR, path.join(tmp.make(), 'articles'));
  fs.symlinkSync('gone/moved-article.txt', path.join(dir, 'moved-away.txt'));
  fs.symlinkSync('.', path.join(dir, 'loop'));
  const line = `${'The committee met again to discuss the budget for the coming year. '.repeat(200)}\n`;
  const fd = fs.openSync(path.join(dir, 'huge.txt'), 'w');
  for (let written = 0; written < 50 * 1024 * 1024; written += line.length) fs.writeSync(fd, line);
  fs.closeSync(fd);
  return dir;
}

const failure = (p: string): FailedSource | undefined => report.failed.find((f) => f.path === p);

beforeAll(async () => {
  mixedDir = makeMixedFolder();
  const config = testConfig({ articlesDir: mixedDir, indexDir: tmp.make() });
  const archive = await openArchive(config, { embedder: shared });
  report = await archive.reindex();
  sources = archive.listSources();
  const snapshot = openSnapshot(config.indexDir)!;
  texts = new Map(sources.map((s) => [s.id, snapshot.db.article(s.id)!.text]));
  snapshot.db.close();
  await archive.close();
}); // a symbolic link loop once made discovery run forever

afterAll(async () => {
  killChildren();
  await shared.dispose();
  tmp.removeAll();
});

describe('a folder of good and bad files', () => {
  test('every good article is indexed', () => {
    assert.deepEqual(sources.map((s) => s.id).sort(), GOOD_IDS);
    assert.deepEqual(report.added.sort(), GOOD_IDS);
    assert.equal(report.articles, GOOD_IDS.length);
    assert.equal(report.swapped, true);
    for (const s of sources) assert.ok(s.chunks >= 1, `${s.id} has chunks`);
    assert.equal(sources.find((s) => s.id === 'good-2')!.outlet, 'Harbour Gazette');
  });

  test('every bad file (or JSONL line) is in report.failed with a reason naming its problem', () => {
    for (const [p, reason] of EXPECTED_FAILURES) {
      const f = failure(p);
      assert.ok(f, `${p} is not in report.failed: ${JSON.stringify(report.failed, null, 1)}`);
      assert.match(f.reason, reason, p);
    }
    assert.deepEqual(report.failed.map((f) => f.path).sort(), EXPECTED_FAILURES.map(([p]) => p).sort(), 'nothing else failed');
  });

  test('the Latin-1 file is indexed, decoded as windows-1252, with a warning naming it', () => {
    assert.equal(report.warnings.length, 1);
    assert.equal(report.warnings[0]!.path, 'latin1.txt');
    assert.match(report.warnings[0]!.reason, /read as windows-1252/);
    const text = texts.get('latin1')!;
    assert.ok(text.includes('Der türkische Außenminister traf'), text);
    assert.ok(text.includes('„konstruktiven“') && text.includes('geplant – beide'), 'bytes 0x84, 0x93, 0x96 are windows-1252 punctuation');
    assert.equal(sources.find((s) => s.id === 'latin1')!.title, 'Gespräche in Sotschi');
  });

  test('the good lines of a JSONL file with broken lines are indexed', () => {
    assert.match(texts.get('partial#1')!, /^Russian wheat exports/);
    assert.match(texts.get('partial#3')!, /^Tanker traffic through the Bosphorus/);
  });

  test('nothing of a bad file reaches the index', () => {
    const all = [...texts.values()].join('\n');
    for (const junk of [
      'Rendered by JavaScript',
      'INITIAL_STATE',
      'enable JavaScript',
      'Unfinished export',
      'closing brace',
      'committee met again',
      'PNG',
      'IHDR',
    ]) {
      assert.ok(!all.includes(junk), `"${junk}" was indexed`);
    }
  });
});

describe('an articles folder that is not there', () => {
  test('is an InputError, and the live index is kept as it was (not emptied)', async () => {
    const config = testConfig({ articlesDir: mixedDir, indexDir: tmp.make() });
    const archive = await openArchive(config, { embedder: shared });
    try {
      await archive.reindex();
      const generation = archive.stats()!.generation;
      for (const dir of [path.join(mixedDir, 'no-such-folder'), path.join(mixedDir, 'good-1.txt')]) {
        await assert.rejects(archive.reindex({ dir }), (err: Error) => err instanceof InputError && err.message.includes(dir));
      }
      assert.equal(archive.stats()!.generation, generation);
      assert.equal(archive.stats()!.articles, GOOD_IDS.length);
    } finally {
      await archive.close();
    }
  });

  test('the CLI says so in one line and exits 1', { timeout: 60_000 }, async () => {
    const missing = path.join(tmp.make(), 'unmounted');
    const r = await runCli(['index'], { ARTICLES_DIR: missing, INDEX_DIR: tmp.make() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`archivist: Articles folder ${missing} does not exist`));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('the CLI on bad input', () => {
  test('the mixed folder: exit 0, with the failures and the warning listed', { timeout: 60_000 }, async () => {
    const r = await runCli(['index'], { ARTICLES_DIR: mixedDir, INDEX_DIR: tmp.make() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /5 added, 0 updated, 0 unchanged, 0 removed, 12 failed/);
    for (const [p] of EXPECTED_FAILURES) assert.ok(r.stdout.includes(`  ${p}: `), `${p} is listed: ${r.stdout}`);
    assert.match(r.stdout, /Warnings:\n {2}latin1\.txt: .*windows-1252/);
  });

  test('a folder of only bad files: exit 1, and every file is listed', { timeout: 60_000 }, async () => {
    const onlyBad = tmp.make();
    for (const name of ['empty.txt', 'whitespace.txt', 'binary.txt', 'malformed.json', 'scripts-only.html']) {
      fs.copyFileSync(path.join(FIXTURE_DIR, name), path.join(onlyBad, name));
    }
    fs.symlinkSync('nowhere.txt', path.join(onlyBad, 'dangling.txt'));
    const r = await runCli(['index'], { ARTICLES_DIR: onlyBad, INDEX_DIR: tmp.make() });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /0 added.*6 failed/);
    for (const name of ['empty.txt', 'whitespace.txt', 'binary.txt', 'malformed.json', 'scripts-only.html', 'dangling.txt']) {
      assert.ok(r.stdout.includes(`  ${name}: `), name);
    }
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});
