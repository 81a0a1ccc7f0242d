// Serving, the core side: the embedding pool (questions before a reindex's batches, a missing model failing
// fast), the reindex in its worker thread, one computation per question in the archive, and sentence
// vectors kept on disk across restarts. The pool runs the stand-in worker of test/helpers/gate.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, test } from 'vitest';
import { SentenceVectors } from '../../src/answer/sentence-vectors.ts';
import { openArchive } from '../../src/archive.ts';
import { reviveError, serializeError } from '../../src/archive/reindex-messages.ts';
import { IndexDamagedError, ReindexBusyError, StorageError } from '../../src/errors.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import { EmbeddingCache } from '../../src/embed/embedding-cache.ts';
import { EmbedderError } from '../../src/embed/embedder.ts';
import { LOCAL_MODEL_FILES, LOCAL_MODEL_ID, resolveModelBaseDir } from '../../src/embed/model-files.ts';
import { CountingEmbedder } from '../helpers/embedders.ts';
import { BUNDLED_ARTICLES, TempDirs, testConfig } from '../helpers/env.ts';
import { EmbedGate, gatedEmbedder } from '../helpers/gate.ts';

const tmp = new TempDirs();
const gate = new EmbedGate(true);

afterEach(() => gate.open());
afterAll(() => tmp.removeAll());

test('the pool embeds in input order, and a question waits for at most the batch being embedded, not for a reindex', async () => {
  const pool = gatedEmbedder(gate, 1);
  const texts = ['Turkey bought the S-400 system.', 'Lavrov met Cavusoglu in Sochi.', 'Sanctions were imposed.'];
  const together = await pool.embed(texts);
  for (const [i, t] of texts.entries()) assert.deepEqual([...(await pool.embed([t]))[0]!], [...together[i]!], `text ${i}`);

  gate.close();
  const started = gate.started;
  const finished: string[] = [];
  const bulk = pool
    .background()
    .embed(['one', 'two', 'three', 'four'])
    .then(() => finished.push('reindex batches'));
  await gate.untilStarted(started + 1); // the first of its four tasks holds the worker
  const question = pool.embed(['a question']).then(() => finished.push('question'));
  gate.open();
  await Promise.all([bulk, question]);
  assert.deepEqual(finished, ['question', 'reindex batches'], 'the question went before the three batches still waiting');
  assert.equal(pool.status().state, 'ready');
});

test('a missing model file fails at once with an EmbedderError naming it, before any worker starts', async () => {
  const base = tmp.make('archivist-model-');
  const real = path.join(resolveModelBaseDir(undefined), ...LOCAL_MODEL_ID.split('/'));
  for (const file of Object.keys(LOCAL_MODEL_FILES)) {
    if (file === 'vocab.txt') continue;
    const dest = path.join(base, ...LOCAL_MODEL_ID.split('/'), file);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.symlinkSync(path.join(real, file), dest);
  }
  const embedder = createEmbedder(testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make(), MODEL_DIR: base }));
  await assert.rejects(
    embedder.embed(['a question']),
    (err: Error) => err instanceof EmbedderError && /vocab\.txt: missing/.test(err.message),
  );
  // Not kept: asking again checks again (and says the same).
  await assert.rejects(embedder.init(), /vocab\.txt: missing/);
});

test('EMBED_THREADS is validated and defaults to the cores', () => {
  const vars = { articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make() };
  const config = testConfig(vars);
  assert.ok(config.embedder.provider === 'local' && config.embedder.threads >= 1);
  assert.equal((testConfig({ ...vars, EMBED_THREADS: '2' }).embedder as { threads: number }).threads, 2);
  assert.throws(() => testConfig({ ...vars, EMBED_THREADS: '0' }), /EMBED_THREADS/);
  assert.throws(() => testConfig({ ...vars, QUEUE_MAX: 'lots' }), /QUEUE_MAX/);
  assert.throws(() => testConfig({ ...vars, ASK_CACHE_SECONDS: '-1' }), /ASK_CACHE_SECONDS/);
});

test('the reindex runs in its worker thread: progress in order, embeddings from the main thread’s embedder, the report back', async () => {
  const counter = new CountingEmbedder(gatedEmbedder(gate));
  const config = testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make() });
  const archive = await openArchive(config, { embedder: counter });
  try {
    const phases: string[] = [];
    const report = await archive.reindex({}, (p) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    });
    assert.deepEqual(phases, ['scan', 'read', 'embed', 'store', 'swap', 'done']);
    assert.equal(report.added.length, 5);
    assert.equal(counter.texts.length, report.chunksEmbedded, 'every chunk was embedded through the archive’s embedder');
    assert.equal(archive.stats()?.chunks, report.chunks);
  } finally {
    await archive.close();
  }
});

test('the same question asked twice at once is answered once; a reindex makes it a new question', async () => {
  const counter = new CountingEmbedder(gatedEmbedder(gate));
  const config = testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make(), SENTENCE_CACHE_ROWS: '0' });
  const archive = await openArchive(config, { embedder: counter });
  try {
    await archive.reindex();
    counter.reset();
    const q = 'Why did the US sanction Turkey?';
    const [a, b] = await Promise.all([archive.ask(q), archive.ask(`  ${q.toLowerCase()}`)]);
    assert.equal(counter.texts.filter((t) => t === q || t === q.toLowerCase()).length, 1, 'the question was embedded once');
    assert.equal(a.answer, b.answer);
    assert.equal(b.question, q.toLowerCase(), 'each asker sees their own question');
    const calls = counter.calls;
    await archive.ask(q);
    assert.equal(counter.calls, calls, 'asked again soon after: reused');

    await archive.reindex({ full: true });
    counter.reset();
    await archive.ask(q);
    assert.ok(counter.texts.includes(q), 'a new generation: computed again');
  } finally {
    await archive.close();
  }
});

test('sentence vectors are kept on disk: after a restart they are not embedded again; the bound holds', async () => {
  const file = path.join(tmp.make(), 'sentence-vectors.db');
  const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} about the sanctions on Turkey.`);
  const first = new CountingEmbedder(gatedEmbedder(gate));
  const before = await new SentenceVectors(first, { store: new EmbeddingCache({ file, model: 'test', maxRows: 1000 }) }).get(sentences);
  assert.equal(first.texts.length, 30);

  const second = new CountingEmbedder(gatedEmbedder(gate));
  const restarted = new SentenceVectors(second, { store: new EmbeddingCache({ file, model: 'test', maxRows: 1000 }) });
  const after = await restarted.get([...sentences, 'A new one.']);
  assert.deepEqual(second.texts, ['A new one.'], 'only the new sentence was embedded');
  for (const [i, v] of before.entries()) assert.deepEqual([...after[i]!], [...v]);
  assert.deepEqual(restarted.counts, { embedded: 1, fromStore: 30, fromMemory: 0 });

  const otherModel = new CountingEmbedder(gatedEmbedder(gate));
  await new SentenceVectors(otherModel, { store: new EmbeddingCache({ file, model: 'another model', maxRows: 1000 }) }).get(sentences);
  assert.equal(otherModel.texts.length, 30, 'vectors of another model are not reused');

  const small = new EmbeddingCache({ file: path.join(tmp.make(), 'small.db'), model: 'test', maxRows: 10 });
  await new SentenceVectors(gatedEmbedder(gate), { store: small }).get(sentences);
  assert.ok(small.rows() <= 10 + 1, `${small.rows()} rows kept with a bound of 10`);
  small.close();
});

test('prefilled sentence vectors: afterwards an answer embeds only its question', async () => {
  const counter = new CountingEmbedder(gatedEmbedder(gate));
  const config = testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make(), ASK_CACHE_SECONDS: '0' });
  const archive = await openArchive(config, { embedder: counter });
  try {
    await archive.reindex();
    const first = await archive.prefillSentenceVectors!();
    assert.equal(first.articles, 5);
    assert.ok(first.embedded > 50, `${first.embedded} sentences embedded`);
    assert.equal((await archive.prefillSentenceVectors!()).embedded, 0, 'nothing twice');
    counter.reset();
    await archive.ask('Why did the US sanction Turkey?');
    assert.deepEqual(counter.texts, ['Why did the US sanction Turkey?']);
  } finally {
    await archive.close();
  }
});

test('an unusable sentence-vector file is reported once and answers go on without it', async () => {
  const dir = tmp.make();
  const blocker = path.join(dir, 'not-a-folder');
  fs.writeFileSync(blocker, 'x');
  const errors: string[] = [];
  const store = new EmbeddingCache({
    file: path.join(blocker, 'sentence-vectors.db'),
    model: 'test',
    maxRows: 10,
    onError: (e) => errors.push(e.message),
  });
  const vectors = new SentenceVectors(gatedEmbedder(gate), { store });
  assert.equal((await vectors.get(['One sentence here.', 'Another sentence here.'])).length, 2);
  await vectors.get(['A third sentence.']);
  assert.equal(errors.length, 1);
});

test('errors from the reindex worker come back as the core’s own classes, with what the CLI and the bot read from them', () => {
  const busy = reviveError(
    serializeError(new ReindexBusyError('A reindex is already running (pid 42).', { phase: 'embed', done: 3, total: 9 })),
  );
  assert.ok(busy instanceof ReindexBusyError);
  assert.deepEqual(busy.progress, { phase: 'embed', done: 3, total: 9 });
  const full = reviveError(
    serializeError(new StorageError('Writing the new index failed: no room left.', { problem: 'full', path: '/x', subject: 'its index' })),
  );
  assert.ok(full instanceof StorageError);
  assert.match(full.forUser('discord'), /the disk on its server is full/);
  const damaged = reviveError(
    serializeError(new IndexDamagedError('The index in /x is damaged: bad.', 'archive.db is not a SQLite database')),
  );
  assert.ok(damaged instanceof IndexDamagedError);
  assert.equal(damaged.problem, 'archive.db is not a SQLite database');
  const bug = reviveError(serializeError(new TypeError('x is undefined')));
  assert.equal(bug.name, 'TypeError');
  assert.equal(bug.message, 'x is undefined');
});
