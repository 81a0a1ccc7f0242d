// A damaged index in Discord: the bot's start-up log says so with the repair, /status shows it,
// a question is told it plainly (never a stack trace, never an answer from half an index), and /reindex
// rebuilds it from the articles.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterAll, beforeAll, test } from 'vitest';
import { openArchive } from '../src/archive.ts';
import { currentGeneration, generationFiles } from '../src/store/layout.ts';
import { type Harness, startHarness } from './fake-discord/harness.ts';
import { answerOf, privateNoteOf, textOf } from './fake-discord/inspect.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    openArchive: async (config) => {
      const builder = await openArchive(config);
      await builder.reindex();
      await builder.close();
      // vectors.hnsw cut short, as a disk error or a full disk would leave it.
      const live = currentGeneration(config.indexDir)!;
      fs.truncateSync(generationFiles(live.dir).vectors, 10_000);
      return openArchive(config);
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

test('the start-up log names the damage and the repair', () => {
  const line = h.logs.find((l) => l.includes('is damaged'));
  assert.ok(line, h.logs.join('\n'));
  assert.match(line, /vectors\.hnsw is cut short/);
  assert.match(line, /archivist index/);
  assert.match(line, /\/reindex/);
});

test('/status shows the damage instead of the statistics', async () => {
  const user = h.fake.addUser('watcher');
  const ix = h.fake.command(user, 'status');
  const content = String((await h.fake.until(() => ix.original, 'the status')).content);
  assert.match(
    content,
    /⚠️ The index is damaged \(vectors\.hnsw is cut short at 10000 bytes, as when written on a full disk\): .*`\/reindex`/,
  );
});

test('a question is told plainly and privately; /reindex repairs; the same question is then answered', async () => {
  const user = h.fake.addUser('asker');
  const ix = h.fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
  const note = await privateNoteOf(h.fake, ix);
  assert.match(
    note,
    /^The index is damaged \(vectors\.hnsw is cut short.*\)\. A moderator can rebuild it from the articles with `\/reindex`\.$/,
  );
  assert.doesNotMatch(note, /\bat \w+ \(|Error:/);

  const mod = h.fake.addUser('fixer', 'moderator');
  const reindex = h.fake.command(mod, 'reindex');
  const report = await h.fake.until(
    () => {
      const last = String(reindex.edits.at(-1)?.body.content ?? '');
      return last.startsWith('✅') ? last : null;
    },
    'the reindex report',
    120_000,
  );
  assert.match(report, /The previous index was damaged \(vectors\.hnsw is cut short.*\); it was rebuilt from the articles\./);
  const again = h.fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
  assert.match(textOf(await answerOf(h.fake, again)), /S-400.*\[1\]/s);
});
