// An incremental reindex embeds only what changed, removes what is gone, and keeps the
// vector index correct while hnswlib's deleted points pile up and are compacted away.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import hnswlib from 'hnswlib-node';
import type { Archive } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import { currentGeneration, generationFiles, readManifest } from '../../src/store/layout.ts';
import { openSnapshot, type Snapshot } from '../../src/store/snapshot.ts';
import type { ReindexReport } from '../../src/types.ts';
import { CountingEmbedder, SharedLocalEmbedder } from '../helpers/embedders.ts';
import { BUNDLED_ARTICLES, BUNDLED_IDS, copyDir, TempDirs, testConfig } from '../helpers/env.ts';

const [A000, A001, A002, A003, _A004] = BUNDLED_IDS;
const tmp = new TempDirs();
const shared = new SharedLocalEmbedder();
const counter = new CountingEmbedder(shared);
let articlesDir: string;
let indexDir: string;
let archive: Archive;

const file = (id: string, ext = '.txt') => path.join(articlesDir, `${id}${ext}`);

async function reindex(options: { full?: boolean } = {}): Promise<ReindexReport> {
  counter.reset();
  return archive.reindex(options);
}

/** Runs `fn` on a fresh read-only view of the live generation. */
function withSnapshot<T>(fn: (s: Snapshot) => T): T {
  const s = openSnapshot(indexDir)!;
  try {
    return fn(s);
  } finally {
    s.db.close();
  }
}

function chunkTexts(id: string): string[] {
  return withSnapshot((s) => s.db.chunksOf(id).map((c) => c.text));
}

function keywordHits(match: string): string[] {
  return withSnapshot((s) => {
    const ids = s.db.keywordSearch(match, 50, null).map((h) => h.chunkId);
    return [...new Set([...s.db.passages(ids).values()].map((p) => p.articleId))];
  });
}

/**
 * The vector index agrees with the database: it holds exactly the live chunks (searching each chunk's own
 * vector finds that chunk first) and returns nothing else.
 */
function assertVectorsMatchDb(): void {
  withSnapshot((s) => {
    const all = [...s.db.allEmbeddings()];
    const ids = new Set(all.map((e) => e.id));
    assert.equal(s.vectors.size, all.length, 'live points in hnswlib = chunks in the database');
    for (const { id, embedding } of all) {
      const hits = s.vectors.search(embedding, 5);
      assert.equal(hits[0]!.chunkId, id, `chunk ${id} is found by its own vector`);
      assert.ok(hits[0]!.similarity > 0.999);
      for (const h of hits) assert.ok(ids.has(h.chunkId), `search returned chunk ${h.chunkId}, which is not in the database`);
    }
  });
}

/** Points physically stored in the live vectors file (deleted ones included), and those marked deleted. */
function hnswPoints(): { stored: number; deleted: number } {
  const live = currentGeneration(indexDir)!;
  const index = new hnswlib.HierarchicalNSW('cosine', 384);
  index.readIndexSync(generationFiles(live.dir).vectors);
  return { stored: index.getCurrentCount(), deleted: readManifest(live.dir).hnsw.deleted };
}

beforeAll(async () => {
  articlesDir = copyDir(BUNDLED_ARTICLES, path.join(tmp.make(), 'articles'));
  indexDir = tmp.make();
  archive = await openArchive(testConfig({ articlesDir, indexDir }), { embedder: counter });
});

afterAll(async () => {
  await archive?.close();
  await shared.dispose();
  tmp.removeAll();
});

describe('incremental reindex', () => {
  let totalChunks = 0;

  test('the first build embeds every chunk once', async () => {
    const r = await reindex();
    totalChunks = r.chunks;
    assert.deepEqual(r.added.sort(), [...BUNDLED_IDS]);
    assert.equal(r.chunksEmbedded, totalChunks);
    assert.equal(counter.texts.length, totalChunks);
    assert.equal(r.swapped, true);
    assertVectorsMatchDb();
  });

  test('an unchanged corpus embeds nothing and keeps the live index', async () => {
    const generation = archive.stats()!.generation;
    const r = await reindex();
    assert.equal(r.chunksEmbedded, 0);
    assert.equal(r.swapped, false);
    assert.equal(r.unchanged, 5);
    assert.deepEqual([r.added, r.updated, r.removed], [[], [], []]);
    assert.equal(counter.texts.length, 0);
    assert.equal(archive.stats()!.generation, generation);
  });

  test('touching a file, or changing only white space the cleaner removes, is not a change', async () => {
    const f = file(A001);
    fs.utimesSync(f, new Date(), new Date(Date.now() + 60_000));
    fs.writeFileSync(file(A000), `${fs.readFileSync(file(A000), 'utf8').replace(/\n\n/g, '\n\n\n')}   \n\n`);
    const r = await reindex();
    assert.equal(r.chunksEmbedded, 0);
    assert.equal(r.swapped, false);
    assert.equal(counter.texts.length, 0);
  });

  test('one edited file: only it is re-embedded, and the index serves the new text', async () => {
    fs.appendFileSync(file(A002), 'The ministers also agreed to open a new consulate in Trabzon next spring.\n');
    const r = await reindex();
    assert.deepEqual(r.updated, [A002]);
    assert.deepEqual([r.added, r.removed], [[], []]);
    assert.equal(r.unchanged, 4);
    const stored = chunkTexts(A002);
    assert.equal(r.chunksEmbedded, stored.length);
    assert.deepEqual([...counter.texts].sort(), [...stored].sort(), 'exactly the edited article’s chunks were embedded');
    assert.equal(r.swapped, true);
    assert.deepEqual(keywordHits('"trabzon"'), [A002]);
    const answer = await archive.ask('Where will the new consulate open?');
    assert.ok(
      answer.citations.some((c) => c.articleId === A002 && /Trabzon/.test(c.quote)),
      JSON.stringify(answer.citations),
    );
    assertVectorsMatchDb();
  });

  test('a deleted file is removed from the index, embedding nothing', async () => {
    fs.rmSync(file(A003));
    const r = await reindex();
    assert.deepEqual(r.removed, [A003]);
    assert.equal(r.chunksEmbedded, 0);
    assert.equal(r.swapped, true);
    assert.equal(r.articles, 4);
    assert.ok(!archive.listSources().some((s) => s.id === A003));
    assert.deepEqual(chunkTexts(A003), []);
    assert.deepEqual(keywordHits('"common" "goals"'), []);
    assertVectorsMatchDb();
  });

  test('chunk ids are never reused after the newest chunks are deleted', async () => {
    const maxBefore = withSnapshot((s) => Math.max(...[...s.db.allEmbeddings()].map((e) => e.id)));
    // The edited 002 was inserted last, so it holds the newest chunk ids.
    assert.ok(withSnapshot((s) => s.db.chunksOf(A002).map((c) => c.id)).includes(maxBefore));
    fs.rmSync(file(A002));
    assert.deepEqual((await reindex()).removed, [A002]);
    fs.writeFileSync(
      file('005_new', '.md'),
      '# Black Sea grain deal extended\n\nRussia and Turkey agreed to extend the grain corridor for another four months, officials in Ankara said on Friday.\n',
    );
    const r = await reindex();
    assert.deepEqual(r.added, ['005_new']);
    const ids = withSnapshot((s) => s.db.chunksOf('005_new').map((c) => c.id));
    assert.ok(ids.length > 0 && ids.every((id) => id > maxBefore), `new chunk ids ${ids} must be above ${maxBefore}`);
    assertVectorsMatchDb();
    assert.ok((await archive.ask('How long was the grain corridor extended?')).citations.some((c) => c.articleId === '005_new'));
  });

  test('--full re-embeds everything', async () => {
    const ids = archive
      .listSources()
      .map((s) => s.id)
      .sort();
    const r = await reindex({ full: true });
    assert.deepEqual(r.updated.sort(), ids);
    assert.equal(r.chunksEmbedded, r.chunks);
    assert.equal(counter.texts.length, r.chunks);
    assert.equal(r.swapped, true);
    assert.equal(hnswPoints().deleted, 0);
    assertVectorsMatchDb();
  });

  test('restoring the removed files adds them back', async () => {
    copyDir(BUNDLED_ARTICLES, articlesDir);
    const r = await reindex();
    assert.deepEqual(r.added.sort(), [A002, A003]);
    assert.deepEqual(r.updated, []);
    assert.equal(r.chunksEmbedded, chunkTexts(A002).length + chunkTexts(A003).length);
    assert.equal(archive.stats()!.articles, 6);
    assert.equal(archive.stats()!.chunks, totalChunks + chunkTexts('005_new').length, 'the bundled five plus the new one');
    assertVectorsMatchDb();
  });
});

describe('hnswlib deleted points', () => {
  test('pile up as marked-deleted points, then a rebuild compacts them; search stays correct throughout', async () => {
    // 003 is the smallest article: each edit replaces its chunks, leaving the old points marked deleted.
    const history: Array<{ stored: number; deleted: number; chunks: number }> = [];
    let compacted = false;
    for (let edit = 1; edit <= 8 && !compacted; edit++) {
      fs.appendFileSync(file(A003), `\nEdit number ${edit}: the ministers met again to review the agreement in detail.\n`);
      const r = await reindex();
      assert.deepEqual(r.updated, [A003]);
      const points = hnswPoints();
      history.push({ ...points, chunks: r.chunks });
      assertVectorsMatchDb();
      if (points.deleted === 0) {
        compacted = true;
        assert.equal(points.stored, r.chunks, 'after compaction the file holds only live points');
      } else {
        assert.equal(points.stored - points.deleted, r.chunks);
      }
    }
    assert.ok(history[0]!.deleted > 0, `the first edit leaves deleted points: ${JSON.stringify(history)}`);
    assert.ok(compacted, `no compaction within 8 edits: ${JSON.stringify(history)}`);
    assert.ok(history.length >= 2, 'deleted points are kept for a while before a rebuild');
    const hit = await archive.ask('What did the ministers review in detail?');
    assert.ok(hit.citations.some((c) => c.articleId === A003));
  });
});
