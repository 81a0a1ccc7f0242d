// The OpenAI embedder through the real `openai` SDK against a loopback fake server:
// batching, retries, errors that never show the key, and indexes that refuse a different embedder.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Archive } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import type { Config } from '../../src/config.ts';
import { EmbedderError } from '../../src/embed/embedder.ts';
import { OpenAIEmbedder } from '../../src/embed/openai.ts';
import { IndexMismatchError } from '../../src/errors.ts';
import { SharedLocalEmbedder } from '../helpers/embedders.ts';
import { BUNDLED_ARTICLES, BUNDLED_IDS, killChildren, runCli, TempDirs, testConfig } from '../helpers/env.ts';
import { FAKE_DIMENSION, FakeOpenAI } from '../helpers/fake-openai.ts';

const KEY = 'test-key';
const SECRET_KEY = 'sk-test-SECRET-0123456789abcdef';
const tmp = new TempDirs();
const fake = new FakeOpenAI();
const local = new SharedLocalEmbedder();
let openaiIndexDir: string;
let openaiConfig: Config;
let archive: Archive;
let totalChunks: number;

function openaiVars(extra: Record<string, string> = {}): Record<string, string> {
  return {
    EMBEDDER: 'openai',
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: KEY,
    EMBED_BATCH_SIZE: '4',
    ANSWERER: 'extractive',
    ...extra,
  };
}

/** Every way an error can be shown: message, String(), stack. */
function assertNoKey(err: unknown, key: string): void {
  const e = err as Error;
  for (const shown of [e.message, String(e), e.stack ?? '']) assert.ok(!shown.includes(key), `the API key appears in: ${shown}`);
}

beforeAll(async () => {
  await fake.start();
  openaiIndexDir = tmp.make();
  openaiConfig = testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: openaiIndexDir, ...openaiVars() });
  archive = await openArchive(openaiConfig);
});

afterAll(async () => {
  killChildren();
  await archive?.close();
  await fake.stop();
  await local.dispose();
  tmp.removeAll();
});

describe('indexing through the fake server', () => {
  test('builds the index with the server’s vectors, recorded as openai with the server’s dimension', async () => {
    const report = await archive.reindex();
    totalChunks = report.chunks;
    assert.deepEqual(report.added.sort(), [...BUNDLED_IDS]);
    assert.equal(report.chunksEmbedded, totalChunks);
    assert.ok(totalChunks >= 15);
    assert.deepEqual(archive.stats()!.embedder, { provider: 'openai', model: 'text-embedding-3-small', dimension: FAKE_DIMENSION });
  });

  test('batches requests to EMBED_BATCH_SIZE, sends every chunk once, with the key and the model', () => {
    const served = fake.served;
    assert.ok(
      served.every((r) => r.size >= 1 && r.size <= 4),
      `request sizes ${served.map((r) => r.size)}`,
    );
    assert.ok(served.filter((r) => r.size === 4).length >= Math.floor(totalChunks / 4) - 1, 'batches are filled');
    // One probe for the dimension, then every chunk exactly once.
    const inputs = served.flatMap((r) => r.inputs);
    assert.equal(inputs.length, totalChunks + 1);
    assert.equal(new Set(inputs).size, inputs.length);
    assert.ok(
      inputs.some((t) => t.startsWith('Turkish, Russian foreign ministers meet in Sochi\n')),
      'chunks are embedded with their title',
    );
    for (const r of served) {
      assert.equal(r.authorization, `Bearer ${KEY}`);
      assert.equal(r.model, 'text-embedding-3-small');
    }
  });

  test('questions are embedded by the same server and answered from the index', async () => {
    const before = fake.requests.length;
    const r = await archive.ask('What did Cavusoglu say about the S-400 sanctions?');
    assert.deepEqual(fake.requests[before]?.inputs, ['What did Cavusoglu say about the S-400 sanctions?']);
    assert.equal(r.refused, false, r.answer);
    assert.ok(r.citations.length > 0);
    assert.ok(r.citations.every((c) => (BUNDLED_IDS as readonly string[]).includes(c.articleId)));
  });

  test('a 500 answer is retried, and the reindex succeeds', async () => {
    const start = fake.requests.length;
    fake.failNext(1);
    const report = await archive.reindex({ full: true });
    assert.equal(report.chunksEmbedded, totalChunks);
    assert.equal(report.swapped, true);
    const seen = fake.requests.slice(start);
    assert.equal(seen[0]!.status, 500);
    assert.equal(seen[1]!.status, 200);
    assert.deepEqual(seen[1]!.inputs, seen[0]!.inputs, 'the same batch is sent again');
    assert.equal(seen.filter((r) => r.status !== 200).length, 1);
  });
});

describe('errors', () => {
  test('a server that keeps failing gives an EmbedderError with the status, and the live index is kept', async () => {
    const generation = archive.stats()!.generation;
    fake.setFailAlways({ status: 500, message: 'The server had an error while processing your request.' });
    try {
      await assert.rejects(archive.reindex({ full: true }), (err: Error) => {
        assert.ok(err instanceof EmbedderError, `${err.name}: ${err.message}`);
        assert.match(err.message, /500/);
        assert.match(err.message, /127\.0\.0\.1/);
        assertNoKey(err, KEY);
        return true;
      });
    } finally {
      fake.setFailAlways(null);
    }
    assert.equal(archive.stats()!.generation, generation);
    assert.equal(archive.stats()!.chunks, totalChunks);
  });

  test('a rejected key is reported without the key, even when the server echoes it back', async () => {
    fake.setFailAlways({
      status: 401,
      message: 'Incorrect API key provided: {key}. You can find your API key at https://platform.openai.com/account/api-keys.',
    });
    try {
      const e = new OpenAIEmbedder({
        apiKey: SECRET_KEY,
        baseURL: fake.baseURL,
        model: 'text-embedding-3-small',
        dimensions: undefined,
        batchSize: 4,
        timeoutMs: 5000,
      });
      await assert.rejects(e.embed(['a text']), (err: Error) => {
        assert.ok(err instanceof EmbedderError);
        assert.match(err.message, /401/);
        assert.match(err.message, /Incorrect API key/);
        assertNoKey(err, SECRET_KEY);
        return true;
      });
      assert.equal(fake.requests.at(-1)!.authorization, `Bearer ${SECRET_KEY}`, 'the key was really sent');
    } finally {
      fake.setFailAlways(null);
    }
  });

  test('the CLI does not print the key either', { timeout: 60_000 }, async () => {
    fake.setFailAlways({ status: 401, message: 'Incorrect API key provided: {key}.' });
    try {
      const r = await runCli(['index'], {
        ARTICLES_DIR: BUNDLED_ARTICLES,
        INDEX_DIR: tmp.make(),
        ...openaiVars({ OPENAI_API_KEY: SECRET_KEY }),
      });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /401/);
      assert.ok(!r.stderr.includes(SECRET_KEY) && !r.stdout.includes(SECRET_KEY), r.stderr);
    } finally {
      fake.setFailAlways(null);
    }
  });

  test('an unreachable server gives an EmbedderError naming it, without the key', { timeout: 60_000 }, async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = new OpenAIEmbedder({
      apiKey: SECRET_KEY,
      baseURL: `http://127.0.0.1:${port}/v1`,
      model: 'text-embedding-3-small',
      dimensions: undefined,
      batchSize: 4,
      timeoutMs: 2000,
    });
    await assert.rejects(e.init(), (err: Error) => {
      assert.ok(err instanceof EmbedderError);
      assert.ok(err.message.includes(`127.0.0.1:${port}`), err.message);
      assertNoKey(err, SECRET_KEY);
      return true;
    });
  });
});

describe('an index is only searched with the embedder that built it', () => {
  test('built with openai, opened with local: IndexMismatchError telling to reindex', async () => {
    const other = await openArchive(testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: openaiIndexDir }), { embedder: local });
    try {
      for (const run of [() => other.ask('What did Lavrov say?'), () => other.summarize({ kind: 'topic', topic: 'sanctions' })]) {
        await assert.rejects(run(), (err: Error) => {
          assert.ok(err instanceof IndexMismatchError, `${err.name}: ${err.message}`);
          assert.match(err.message, /openai text-embedding-3-small/);
          assert.match(err.message, /local/);
          assert.match(err.message, /archivist index --full/);
          return true;
        });
      }
    } finally {
      await other.close();
    }
  });

  test('built with local, opened with openai: IndexMismatchError, and the server is never asked', async () => {
    const indexDir = tmp.make();
    const builder = await openArchive(testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir }), { embedder: local });
    await builder.reindex();
    await builder.close();
    const other = await openArchive(testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir, ...openaiVars() }));
    const requests = fake.requests.length;
    try {
      await assert.rejects(other.ask('What did Lavrov say?'), (err: Error) => {
        assert.ok(err instanceof IndexMismatchError);
        assert.match(err.message, /local onnx-community\/all-MiniLM-L6-v2-ONNX:q4 \(384 dimensions\)/);
        assert.match(err.message, /openai text-embedding-3-small/);
        assert.match(err.message, /archivist index --full/);
        return true;
      });
      assert.equal(fake.requests.length, requests);
      // Reindexing with the new embedder rebuilds everything, after which questions work.
      const report = await other.reindex();
      assert.deepEqual(report.updated.sort(), [...BUNDLED_IDS]);
      assert.equal(report.chunksEmbedded, report.chunks);
      assert.equal(other.stats()!.embedder.provider, 'openai');
      assert.ok((await other.ask('What did Lavrov say about sanctions?')).citations.length > 0);
    } finally {
      await other.close();
    }
  });

  test('EMBEDDING_DIMENSIONS changed after indexing: IndexMismatchError, not an hnswlib crash', async () => {
    const indexDir = tmp.make();
    const builder = await openArchive(
      testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir, ...openaiVars({ EMBEDDING_DIMENSIONS: '32' }) }),
    );
    await builder.reindex();
    assert.equal(builder.stats()!.embedder.dimension, 32);
    await builder.close();
    // Set to another size: known from the configuration, refused before any request.
    // Unset: the server's default size shows only in the question's vector, which the index refuses.
    for (const extra of [{ EMBEDDING_DIMENSIONS: '48' }, {}] as Array<Record<string, string>>) {
      const other = await openArchive(testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir, ...openaiVars(extra) }));
      try {
        await assert.rejects(other.ask('What did Lavrov say?'), (err: Error) => {
          assert.ok(err instanceof IndexMismatchError, `${JSON.stringify(extra)}: ${err.name}: ${err.message}`);
          assert.match(err.message, /32/);
          assert.match(err.message, /archivist index --full/);
          return true;
        });
      } finally {
        await other.close();
      }
    }
  });

  test('the CLI reports the mismatch and exits 1', { timeout: 60_000 }, async () => {
    const r = await runCli(['ask', 'What did Lavrov say?'], {
      ARTICLES_DIR: BUNDLED_ARTICLES,
      INDEX_DIR: openaiIndexDir,
      EMBEDDER: 'local',
    });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /built with openai text-embedding-3-small.*archivist index --full/s);
  });
});
