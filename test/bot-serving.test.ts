// The bot acknowledges first and never waits for the model. The real bot (discord.js client,
// runBot, the real archive and reindex over the bundled articles) runs with the product's PoolEmbedder over a
// stand-in worker whose embeddings block their thread while a gate is closed (test/helpers/gate.ts). All by
// ordering, none by the clock: with an embedding held mid-way, interactions are acknowledged; only then is
// the gate opened and the answers arrive. Also: the queue's busy refusal, its notice, and free refusals.
import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import { openArchive } from '../src/archive.ts';
import type { Harness } from './fake-discord/harness.ts';
import { startHarness } from './fake-discord/harness.ts';
import { answerOf, customIds, privateNotes, textOf } from './fake-discord/inspect.ts';
import type { Json } from './fake-discord/model.ts';
import type { InteractionRecord } from './fake-discord/state.ts';
import { EmbedGate, gatedEmbedder } from './helpers/gate.ts';

const gate = new EmbedGate(true);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: {
      QUEUE_MAX: '3',
      QUEUE_CONCURRENCY: '1',
      QUEUE_MAX_PER_USER: '2',
      RATE_LIMIT_USER: '3/3600',
      ASK_CACHE_SECONDS: '0',
      // No background prefill of sentence vectors: every embedding the gate counts is one these tests caused.
      SENTENCE_CACHE_ROWS: '0',
    },
    openArchive: async (config) => {
      const archive = await openArchive(config, { embedder: gatedEmbedder(gate) });
      await archive.reindex();
      return archive;
    },
  });
});

// A failed test must not leave the model held for the next one.
afterEach(() => gate.open());

afterAll(async () => {
  gate.open();
  await h?.stop();
});

const acked = (ix: InteractionRecord) => ix.callbackAt !== null;
const ask = (user: ReturnType<Harness['fake']['addUser']>, question: string) => h.fake.command(user, 'ask', { options: { question } });

test('past the queue’s capacity a question is refused privately at once, without using up the rate limit; a long wait is announced', async () => {
  gate.close();
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((n) => h.fake.addUser(`queue-${n}`)) as [
    ReturnType<Harness['fake']['addUser']>,
    ...ReturnType<Harness['fake']['addUser']>[],
  ];
  const started = gate.started;
  const finishedBefore = gate.finished;
  const first = ask(a, 'Why did the US sanction Turkey?');
  await gate.untilStarted(started + 1); // a's question holds the model; b, c and d wait
  const waiting = [ask(b!, 'Who met in Sochi?'), ask(c!, 'What did Lavrov say?'), ask(d!, 'Where will Lavrov meet Fidan?')];
  await h.fake.until(() => waiting.every((ix) => ix.original) || null, 'the three deferrals');
  // Three ahead of d's (one being answered, two waiting), at the starting pace of 1.5 s each.
  await h.fake.until(() => /3 questions ahead of yours, about 6 s/.test(String(waiting[2]!.original?.content)) || null, 'the queue notice');
  assert.doesNotMatch(String(waiting[0]!.original?.content ?? ''), /ahead of yours/, 'a short wait is not announced');

  // The queue holds three: e's questions are refused at once, privately, and not counted.
  const refused = [
    ask(e!, 'What did Cavusoglu say?'),
    ask(e!, 'What did Cavusoglu say?'),
    ask(e!, 'What did Cavusoglu say?'),
    ask(e!, 'What did Cavusoglu say?'),
  ];
  await h.fake.until(() => refused.every(acked) || null, 'the refusals');
  for (const ix of refused) {
    assert.equal(ix.callbacks[0]?.type, 4, 'answered at once, not deferred');
    assert.equal(Number((ix.callbacks[0]!.data as Json).flags) & 64, 64, 'privately');
    assert.match(privateNotes(ix).join(), /busy answering many questions right now\. Please try again in about \d+ s/);
  }
  assert.equal(gate.finished, finishedBefore, 'all of this happened while the first embedding was still held');

  gate.open();
  for (const ix of [first, ...waiting]) await answerOf(h.fake, ix);
  // Four refusals, and e may still ask (answerOf waits for an answer, not a private rate-limit note):
  // with RATE_LIMIT_USER=3/3600 none of them was charged.
  await answerOf(h.fake, ask(e!, 'What did Cavusoglu say?'));
});

test('with an embedding blocking the model’s thread, every kind of interaction is still acknowledged before it finishes', async () => {
  gate.close();
  const [u1, u2, u3] = [h.fake.addUser('order-1'), h.fake.addUser('order-2'), h.fake.addUser('order-3')];
  const finishedBefore = gate.finished;
  const first = ask(u1, 'Why did the US sanction Turkey?');
  await gate.untilStarted(gate.started + 1);

  const second = ask(u2, 'What did Lavrov say about the sanctions?');
  const status = h.fake.command(u3, 'status');
  const autocomplete = h.fake.autocomplete(u3, 'summary', 'article', '00');
  const mention = h.fake.say(u3, 'Who met in Sochi?', { mentionBot: true });
  await h.fake.until(() => (acked(second) && acked(status) && acked(autocomplete) ? true : null), 'the acknowledgements');
  // The mention's acknowledgement: its thread is opened.
  await h.fake.until(() => h.fake.state.channels.get(String(mention.id)) ?? null, 'the mention’s thread');
  const button = h.fake.click(u3, status.original!, 'ask:sources:no-such-answer');
  await h.fake.until(() => acked(button) || null, 'the button’s reply');

  assert.equal(gate.finished, finishedBefore, 'no embedding finished meanwhile: the acknowledgements did not wait for the model');
  assert.equal(second.callbacks[0]?.type, 5, 'the question is deferred');
  assert.equal(autocomplete.callbacks[0]?.type, 8);
  assert.match(String((status.callbacks[0]?.data as Json | undefined)?.content), /Model: ready/);

  gate.open();
  await answerOf(h.fake, first);
  await answerOf(h.fake, second);
  await h.fake.until(
    () => h.fake.messagesIn(String(mention.id)).some((m) => customIds(m).some((id) => id.startsWith('ask:up:'))) || null,
    'the mention’s answer',
  );
});

test('a reindex in progress does not delay an acknowledgement past the embedding of one batch', async () => {
  gate.close();
  const moderator = h.fake.addUser('reindexer', 'admin');
  const user = h.fake.addUser('asks-during-reindex');
  const finishedBefore = gate.finished;
  const startedBefore = gate.started;
  const reindex = h.fake.command(moderator, 'reindex', { options: { full: true } });
  await gate.untilStarted(startedBefore + 1); // the reindex's first batch is in the model, held there

  const question = ask(user, 'Who met in Sochi?');
  const status = h.fake.command(user, 'status');
  const again = h.fake.command(moderator, 'reindex', {});
  await h.fake.until(() => (acked(question) && acked(status) && acked(again) ? true : null), 'the acknowledgements');
  assert.equal(gate.finished, finishedBefore, 'acknowledged while the batch was still being embedded');
  assert.match(privateNotes(again).join(), /already running/);
  assert.match(String((status.callbacks[0]?.data as Json | undefined)?.content), /Reindex running: embedding passages/);

  gate.open();
  // The question went before the reindex's remaining batches, and both finish.
  await answerOf(h.fake, question);
  await h.fake.until(() => /finished in/.test(String(reindex.original?.content)) || null, 'the reindex report', 60_000);
});

test('a refused question (the articles do not cover it) costs nothing against the rate limit', async () => {
  const user = h.fake.addUser('refused-four-times');
  // RATE_LIMIT_USER=3/3600: a fourth charged question would be refused.
  for (const country of ['Australia', 'Brazil', 'Canada', 'Japan']) {
    const text = textOf(await answerOf(h.fake, ask(user, `What is the capital of ${country}?`)));
    assert.match(text, /don't cover this/);
  }
  await answerOf(h.fake, ask(user, 'Why did the US sanction Turkey?'));
});
