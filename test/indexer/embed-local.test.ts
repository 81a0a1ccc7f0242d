// The local embedder — the real bundled model, and clear errors for a broken copy of it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { openArchive } from '../../src/archive.ts';
import { EmbedderError } from '../../src/embed/embedder.ts';
import { LocalEmbedder } from '../../src/embed/local.ts';
import { LOCAL_MODEL_FILES, LOCAL_MODEL_ID, resolveModelBaseDir } from '../../src/embed/model-files.ts';
import { paths } from '../../src/store/layout.ts';
import { BUNDLED_ARTICLES, killChildren, runCli, TempDirs, testConfig } from '../helpers/env.ts';

const tmp = new TempDirs();
const embedder = new LocalEmbedder({ modelDir: undefined, batchSize: 8 });
const REAL_MODEL = path.join(resolveModelBaseDir(undefined), ...LOCAL_MODEL_ID.split('/'));

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** A MODEL_DIR whose files link to the real model, except `change(file)` may replace or drop any of them. */
function modelCopy(change: (file: string, dest: string) => 'link' | 'skip' | 'done'): string {
  const base = tmp.make('archivist-model-');
  for (const file of Object.keys(LOCAL_MODEL_FILES)) {
    const dest = path.join(base, ...LOCAL_MODEL_ID.split('/'), file);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (change(file, dest) === 'link') fs.symlinkSync(path.join(REAL_MODEL, file), dest);
  }
  return base;
}

afterAll(async () => {
  killChildren();
  await embedder.close();
  tmp.removeAll();
});

describe('the bundled model', () => {
  let vectors: Float32Array[];
  const TEXTS = [
    'Russia and Turkey signed a new trade agreement in Moscow.',
    'Moscow and Ankara agreed on a fresh trade deal.',
    'Mix two cups of flour with an egg and bake the dough for twenty minutes.',
    'The football club sold its striker for a record transfer fee.',
  ];

  beforeAll(async () => {
    vectors = await embedder.embed(TEXTS);
  });

  test('reports itself as local all-MiniLM-L6-v2 (q4) with 384 dimensions', async () => {
    assert.deepEqual(await embedder.init(), { provider: 'local', model: 'onnx-community/all-MiniLM-L6-v2-ONNX:q4', dimension: 384 });
  });

  test('returns one 384-dimension unit vector per text', () => {
    assert.equal(vectors.length, TEXTS.length);
    for (const v of vectors) {
      assert.ok(v instanceof Float32Array);
      assert.equal(v.length, 384);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-3, `norm ${Math.hypot(...v)}`);
      assert.ok(v.every(Number.isFinite));
    }
  });

  test('similar sentences are closer than unrelated ones', () => {
    const [trade1, trade2, baking, football] = vectors as [Float32Array, Float32Array, Float32Array, Float32Array];
    const similar = cosine(trade1, trade2);
    assert.ok(similar > cosine(trade1, baking), `${similar} vs ${cosine(trade1, baking)}`);
    assert.ok(similar > cosine(trade1, football));
    assert.ok(similar > cosine(trade2, baking));
    assert.ok(similar > 0.5, `paraphrases have cosine ${similar}`);
  });

  test('vectors come back in input order, the same as when each text is embedded alone', async () => {
    for (const [i, text] of TEXTS.entries()) {
      const [alone] = await embedder.embed([text]);
      assert.ok(cosine(alone!, vectors[i]!) > 0.999, `text ${i}: ${cosine(alone!, vectors[i]!)}`);
    }
  });

  test('embedding nothing returns nothing', async () => {
    assert.deepEqual(await embedder.embed([]), []);
  });
});

describe('a MODEL_DIR with a broken copy of the model', () => {
  test('a missing file gives an EmbedderError naming it, and no hang', { timeout: 30_000 }, async () => {
    const dir = modelCopy((file) => (file === 'tokenizer.json' ? 'skip' : 'link'));
    const broken = new LocalEmbedder({ modelDir: dir, batchSize: 8 });
    await assert.rejects(broken.init(), (err: Error) => {
      assert.ok(err instanceof EmbedderError, `${err.name}: ${err.message}`);
      assert.match(err.message, /tokenizer\.json: missing/);
      assert.match(err.message, /MODEL_DIR|npm ci/, 'says how to fix it');
      return true;
    });
    await assert.rejects(broken.embed(['a text']), EmbedderError, 'embed reports it too');
    await broken.close();
  });

  test('a corrupted (truncated) weights file gives an EmbedderError naming it', { timeout: 30_000 }, async () => {
    const dir = modelCopy((file, dest) => {
      if (file !== 'onnx/model_q4.onnx_data') return 'link';
      const fd = fs.openSync(path.join(REAL_MODEL, file), 'r');
      const head = Buffer.alloc(4096);
      fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      fs.writeFileSync(dest, head); // a download cut short
      return 'done';
    });
    await assert.rejects(new LocalEmbedder({ modelDir: dir, batchSize: 8 }).init(), (err: Error) => {
      assert.ok(err instanceof EmbedderError);
      assert.match(err.message, /onnx\/model_q4\.onnx_data: corrupt/);
      assert.doesNotMatch(err.message, /tokenizer\.json|config\.json/, 'only the bad file is named');
      return true;
    });
  });

  test('a corrupted small file (config.json edited) is named too', { timeout: 30_000 }, async () => {
    const dir = modelCopy((file, dest) => {
      if (file !== 'config.json') return 'link';
      fs.writeFileSync(dest, fs.readFileSync(path.join(REAL_MODEL, file), 'utf8').replace('"hidden_size": 384', '"hidden_size": 385'));
      return 'done';
    });
    await assert.rejects(new LocalEmbedder({ modelDir: dir, batchSize: 8 }).init(), /config\.json: corrupt/);
  });

  test('once the file is back, the same embedder loads: a failure is not cached', { timeout: 30_000 }, async () => {
    let missing = '';
    const dir = modelCopy((file, dest) => {
      if (file !== 'vocab.txt') return 'link';
      missing = dest;
      return 'skip';
    });
    const e = new LocalEmbedder({ modelDir: dir, batchSize: 8 });
    await assert.rejects(e.init(), /vocab\.txt: missing/);
    fs.symlinkSync(path.join(REAL_MODEL, 'vocab.txt'), missing);
    assert.equal((await e.init()).dimension, 384);
    await e.close();
  });

  test('a reindex with it fails with that error and builds no index', { timeout: 30_000 }, async () => {
    const dir = modelCopy((file) => (file === 'special_tokens_map.json' ? 'skip' : 'link'));
    const config = testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make(), MODEL_DIR: dir });
    const archive = await openArchive(config);
    await assert.rejects(
      archive.reindex(),
      (err: Error) => err instanceof EmbedderError && /special_tokens_map\.json: missing/.test(err.message),
    );
    assert.equal(archive.stats(), null);
    assert.ok(!fs.existsSync(paths(config.indexDir).lock), 'the failed reindex released its lock');
    await archive.close();
  });

  test('the CLI prints the error naming the file and exits 1', { timeout: 60_000 }, async () => {
    const dir = modelCopy((file) => (file === 'tokenizer_config.json' ? 'skip' : 'link'));
    const r = await runCli(['index'], { ARTICLES_DIR: BUNDLED_ARTICLES, INDEX_DIR: tmp.make(), MODEL_DIR: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /tokenizer_config\.json: missing/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'a clear message, not a stack trace');
  });
});
