// What a user sees from ask and summarize: cited answers, refusals, filters, follow-ups, summaries.
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { InputError, NotFoundError } from '../../src/api.ts';
import { retrieve } from '../../src/retrieve/retriever.ts';
import { closeSnapshot, openSnapshot } from '../../src/store/snapshot.ts';
import { BUNDLED_IDS } from '../helpers/env.ts';
import { assertCitationsReal } from './integrity.ts';
import { useBundledIndex } from './setup.ts';

const [A000, , , A003, A004] = BUNDLED_IDS;

describe('ask and summarize', () => {
  const bundled = useBundledIndex();

  test('"Why did the US sanction Turkey?" gets a cited answer about the S-400 purchase', async () => {
    const r = await bundled.built.archive.ask('Why did the US sanction Turkey?');
    assert.equal(r.refused, false);
    assert.match(r.answer, /S-400/);
    assert.match(r.answer, /\[1\]/);
    assert.ok(r.citations.some((c) => c.quote.includes('S-400')));
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'sanctions');
  });

  test('"What is the capital of Australia?" is refused plainly', async () => {
    const r = await bundled.built.archive.ask('What is the capital of Australia?');
    assert.equal(r.refused, true);
    assert.equal(r.answer, "The articles don't cover this: nothing in them mentions Australia.");
    assert.deepEqual(r.citations, []);
  });

  test('a question about a year or a name the articles never mention is refused, saying which', async () => {
    const year = await bundled.built.archive.ask('How many phone calls did Putin and Erdogan have in 2019?');
    assert.equal(year.refused, true);
    assert.match(year.answer, /nothing in them mentions 2019/);
    const name = await bundled.built.archive.ask('What did Lavrov say about Venezuela?');
    assert.equal(name.answer, "The articles don't cover this: nothing in them mentions Venezuela.");
    // Capitals stand for their governments ("Moscow" for Russia): not a missing name.
    const moscow = await bundled.built.archive.ask("Is Turkey's NATO membership a problem for Moscow?");
    assert.equal(moscow.refused, false);
  });

  test('names match with and without diacritics and across spelling variants', async () => {
    const plain = await bundled.built.archive.ask('What did Cavusoglu say about relations with NATO?', { sources: [A003] });
    const accented = await bundled.built.archive.ask('What did Çavuşoğlu say about relations with NATO?', { sources: [A003] });
    for (const r of [plain, accented]) {
      assert.equal(r.refused, false);
      assert.match(r.answer, /not an alternative/);
    }
    const turkiye = await bundled.built.archive.ask('How many Russians visited Türkiye in 2023?');
    assert.match(turkiye.answer, /5\.6 million/);
    const kyiv = await bundled.built.archive.ask('What does Russia want Kyiv to take into account in a settlement?');
    assert.match(kyiv.answer, /Kiev takes into account Russian interests/);
  });

  test('a misspelt word is read as the word the articles spell, not refused', async () => {
    const libya = await bundled.built.archive.ask('What did Cavusoglu say about Lybia?');
    assert.equal(libya.refused, false);
    assert.match(libya.answer, /Libya/);
    const ukraine = await bundled.built.archive.ask('What did Lavrov say about the Ukrainain conflict?');
    assert.equal(ukraine.refused, false);
    assert.match(ukraine.answer, /Ukrainian crisis/);
    assertCitationsReal(ukraine.answer, ukraine.citations, bundled.lookup, 'Ukrainain');
  });

  test('a source filter keeps every citation inside that article', async () => {
    const r = await bundled.built.archive.ask('What did Lavrov say about sanctions?', { sources: [A004] });
    assert.equal(r.refused, false);
    assert.ok(r.citations.length > 0);
    assert.ok(r.citations.every((c) => c.articleId === A004));
  });

  test('a word no article in the searched scope uses is told apart, source filters included', async () => {
    const snapshot = openSnapshot(bundled.built.config.indexDir);
    assert.ok(snapshot);
    try {
      // The words are what is measured here, not the ranking: any query vector will do, and none is embedded.
      const queryVector = new Float32Array(384).fill(1 / Math.sqrt(384));
      const noEmbedder = { embed: () => Promise.reject(new Error('not embedded')) } as never;
      const options = { ...bundled.built.config.retrieval, queryVector };
      const question = 'What did Lavrov say about Libya and inflation?';
      const everywhere = await retrieve(snapshot, noEmbedder, question, options);
      assert.deepEqual(everywhere.unseen, ['inflation']);
      // Libya is in four of the five articles, not in the one searched.
      const one = await retrieve(snapshot, noEmbedder, question, { ...options, sources: [A000] });
      assert.deepEqual(one.unseen.sort(), ['inflation', 'libya']);
    } finally {
      closeSnapshot(snapshot);
    }
  });

  test('a date range keeps only articles published in it', async () => {
    const r = await bundled.built.archive.ask('What did the foreign ministers discuss?', { from: '2024-01-01', to: '2024-12-31' });
    assert.ok(r.citations.length > 0);
    assert.ok(r.citations.every((c) => c.articleId === A000 && c.date === '2024-02-29'));
    const none = await bundled.built.archive.ask('What did the foreign ministers discuss?', { from: '2030-01-01' });
    assert.equal(none.refused, true);
  });

  test('a follow-up is read with the question before it', async () => {
    const r = await bundled.built.archive.ask('and what did Cavusoglu say about it?', { history: ['Why did the US sanction Turkey?'] });
    assert.equal(r.refused, false);
    assert.match(r.answer, /Cavusoglu/);
    assert.match(r.answer, /sanction/i);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'follow-up');
  });

  test('bad questions and dates are refused with a message that says what to fix', async () => {
    await assert.rejects(bundled.built.archive.ask('   '), (e: Error) => e instanceof InputError && /empty/.test(e.message));
    await assert.rejects(bundled.built.archive.ask('x'.repeat(1200)), (e: Error) => e instanceof InputError && /1000/.test(e.message));
    await assert.rejects(bundled.built.archive.ask('sanctions?', { from: '29/12/2020' }), /not a date written YYYY-MM-DD/);
  });

  test('an article summary gives about five cited sentences of that article, in its order', async () => {
    const r = await bundled.built.archive.summarize({ kind: 'article', article: '004' });
    assert.equal(r.article?.id, A004);
    const sentences = r.summary.split(/(?<=\])\s+/);
    assert.ok(sentences.length >= 4 && sentences.length <= 6, r.summary);
    assert.ok(r.citations.every((c) => c.articleId === A004));
    assertCitationsReal(r.summary, r.citations, bundled.lookup, 'article summary');
    const text = bundled.built.archive.listSources().find((s) => s.id === A004);
    assert.ok(text);
  });

  test('articles are found by title words for a summary, and a missing one is a clear error', async () => {
    const r = await bundled.built.archive.summarize({ kind: 'article', article: 'common goals' });
    assert.equal(r.article?.id, A003);
    await assert.rejects(bundled.built.archive.summarize({ kind: 'article', article: 'zzzz qqqq' }), NotFoundError);
    assert.equal(bundled.built.archive.findArticles('Turkish, Russian')[0]?.id, '001_05f4f7347207b6a5');
  });

  test('a topic summary draws cited points from several articles', async () => {
    const r = await bundled.built.archive.summarize({ kind: 'topic', topic: 'S-400 sanctions' });
    assert.equal(r.refused, false);
    const bullets = r.summary.split('\n').filter((l) => l.startsWith('- '));
    assert.ok(bullets.length >= 3, r.summary);
    assert.ok(bullets.every((b) => /\[\d+\]/.test(b)));
    assert.ok(new Set(r.citations.map((c) => c.articleId)).size >= 2);
    assertCitationsReal(r.summary.replace(/^- /gm, ''), r.citations, bundled.lookup, 'topic summary', false);
    const off = await bundled.built.archive.summarize({ kind: 'topic', topic: 'Australian wildfires' });
    assert.equal(off.refused, true);
  });

  test('a topic summary calls out figures the outlets disagree on', async () => {
    const r = await bundled.built.archive.summarize({ kind: 'topic', topic: 'phone conversations between Erdogan and Putin in 2020' });
    assert.match(r.summary, /Outlets differ/);
    assert.match(r.summary, /two dozen/);
    assert.match(r.summary, /more than 10/);
  });
});
