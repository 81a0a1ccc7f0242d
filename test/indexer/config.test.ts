// Configuration errors name the variable; the CLI exits 2 with that message.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { BUNDLED_ARTICLES, killChildren, runCli, TempDirs } from '../helpers/env.ts';

const tmp = new TempDirs();

afterAll(() => {
  killChildren();
  tmp.removeAll();
});

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, { dotenvPath: false });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${(err as Error).name}: ${(err as Error).message}`);
    return err;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  test('CHUNK_WORDS=abc is a ConfigError naming CHUNK_WORDS', () => {
    assert.match(configError({ CHUNK_WORDS: 'abc' }).message, /CHUNK_WORDS: .*number/);
  });

  test('EMBEDDER=foo is a ConfigError naming EMBEDDER and the choices', () => {
    const message = configError({ EMBEDDER: 'foo' }).message;
    assert.match(message, /EMBEDDER: /);
    assert.match(message, /"local"/);
    assert.match(message, /"openai"/);
  });

  test('out-of-range and malformed values name their variable', () => {
    assert.match(configError({ CHUNK_WORDS: '10' }).message, /CHUNK_WORDS: .*30/);
    assert.match(configError({ CHUNK_OVERLAP_SENTENCES: '9' }).message, /CHUNK_OVERLAP_SENTENCES/);
    assert.match(configError({ MAX_ARTICLE_BYTES: '-5' }).message, /MAX_ARTICLE_BYTES/);
    assert.match(configError({ EMBED_BATCH_SIZE: '2.5' }).message, /EMBED_BATCH_SIZE/);
    assert.match(configError({ OPENAI_BASE_URL: 'not a url' }).message, /OPENAI_BASE_URL/);
    assert.match(configError({ LOG_LEVEL: 'loud' }).message, /LOG_LEVEL/);
  });

  test('every bad variable is named at once', () => {
    const message = configError({ CHUNK_WORDS: 'abc', EMBEDDER: 'foo', RETRIEVAL_K: '0' }).message;
    for (const name of ['CHUNK_WORDS', 'EMBEDDER', 'RETRIEVAL_K']) assert.match(message, new RegExp(`${name}: `));
  });

  test('EMBEDDER=openai without a key or a base URL says what it needs', () => {
    assert.match(configError({ EMBEDDER: 'openai' }).message, /EMBEDDER: "openai" needs OPENAI_API_KEY/);
  });

  test('the defaults: bundled folders (absolute), local embedder, 130-word chunks with one sentence of overlap', () => {
    const c = loadConfig({}, { dotenvPath: false });
    assert.equal(c.articlesDir, path.join(PROJECT_ROOT, 'index-data', 'articles'));
    assert.equal(c.indexDir, path.join(PROJECT_ROOT, 'index-data', 'index'));
    // onnxruntime gets one thread per core for the model's worker.
    assert.deepEqual(c.embedder, { provider: 'local', modelDir: undefined, batchSize: 8, threads: Math.max(1, os.availableParallelism()) });
    assert.deepEqual(c.chunking, { targetWords: 130, overlapSentences: 1 });
    assert.equal(c.maxArticleBytes, 5 * 1024 * 1024);
    assert.equal(c.answerer, 'extractive');
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.chunking));
  });

  test('relative folders are resolved; a .env file is read, and the environment wins over it', () => {
    const dir = tmp.make();
    const dotenv = path.join(dir, '.env');
    fs.writeFileSync(dotenv, 'CHUNK_WORDS=90\nINDEX_DIR=from-dotenv\n');
    const c = loadConfig({ INDEX_DIR: 'relative/index' }, { dotenvPath: dotenv });
    assert.equal(c.chunking.targetWords, 90);
    assert.equal(c.indexDir, path.resolve('relative/index'));
    fs.writeFileSync(dotenv, 'CHUNK_WORDS=abc\n');
    assert.throws(
      () => loadConfig({}, { dotenvPath: dotenv }),
      (err: Error) => err instanceof ConfigError && /CHUNK_WORDS/.test(err.message),
    );
  });
});

describe('the CLI with a bad configuration', () => {
  for (const [name, value, command] of [
    ['CHUNK_WORDS', 'abc', 'index'],
    ['EMBEDDER', 'foo', 'status'],
  ] as const) {
    test(`${name}=${value}: \`${command}\` exits 2 with the message naming ${name}`, { timeout: 60_000 }, async () => {
      const indexDir = tmp.make();
      const r = await runCli([command], { ARTICLES_DIR: BUNDLED_ARTICLES, INDEX_DIR: indexDir, [name]: value });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^archivist: Invalid configuration:/);
      assert.match(r.stderr, new RegExp(`${name}: `));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
      assert.deepEqual(fs.readdirSync(indexDir), [], 'nothing was built');
    });
  }
});
