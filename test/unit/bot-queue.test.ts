// The question queue in isolation (round-robin fairness, bounds, the busy refusal and the wait it
// announces) and the sharing of one computation per question (archive/ask-cache.ts). Work is held and
// released by hand; the clock is a variable.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import { AskCache, askKey } from '../../src/archive/ask-cache.ts';
import { busyMessage, queuedNotice } from '../../src/bot/format/queue.ts';
import { formatStatus } from '../../src/bot/format/status.ts';
import { loadConfig } from '../../src/config.ts';
import { QuestionQueue } from '../../src/bot/question-queue.ts';
import type { AskResult } from '../../src/types.ts';

/** A piece of work that starts when the queue runs it and ends when the test says so. */
function held(log: string[], name: string) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(name);
      await finished;
      return name;
    },
    finish,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('round-robin across users: one user’s ten questions do not hold back two others', async () => {
  const log: string[] = [];
  const queue = new QuestionQueue({ maxWaiting: 100, maxPerUser: 100, concurrency: 1 });
  const jobs = new Map<string, ReturnType<typeof held>>();
  const submit = (user: string, n: number) => {
    const name = `${user}${n}`;
    const job = held(log, name);
    jobs.set(name, job);
    assert.ok(queue.admit(user, job.work).ok);
  };
  for (let i = 1; i <= 10; i++) submit('a', i);
  submit('b', 1);
  submit('c', 1);
  submit('b', 2);
  // Finish whatever runs, one at a time, and see the order they ran in.
  for (let i = 0; i < 13; i++) {
    await settle();
    jobs.get(log.at(-1)!)!.finish();
  }
  await settle();
  assert.deepEqual(log, ['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10']);
});

test('ahead and the estimate follow the rotation; at most `concurrency` run at once', async () => {
  const log: string[] = [];
  let now = 0;
  const queue = new QuestionQueue({ maxWaiting: 100, maxPerUser: 100, concurrency: 2 }, () => now);
  const a1 = held(log, 'a1');
  const a2 = held(log, 'a2');
  const first = queue.admit('a', a1.work);
  const second = queue.admit('a', a2.work);
  assert.ok(first.ok && second.ok);
  assert.equal(first.ahead, 0);
  assert.equal(second.ahead, 1, 'the first is being answered');
  for (const n of [3, 4, 5]) assert.ok(queue.admit('a', held(log, `a${n}`).work).ok);
  const b = queue.admit('b', held(log, 'b1').work);
  assert.ok(b.ok);
  // Two being answered; b comes after a's next one in the rotation.
  assert.equal(b.ahead, 3);
  // Four to go at 1.5 s a question (the starting pace), two at a time.
  assert.equal(b.estimateMs, 3000);
  await settle();
  assert.deepEqual(log, ['a1', 'a2']);
  assert.deepEqual(queue.stats(), { waiting: 4, active: 2, users: 2, serviceMs: 1500 });

  // The pace is learned from the questions answered: 0.5 s each pulls the average down.
  now = 500;
  a1.finish();
  await first.done;
  await settle();
  assert.ok(queue.stats().serviceMs < 1500);
  assert.deepEqual(log, ['a1', 'a2', 'a3']);
  assert.equal(await first.done, 'a1');
});

test('bounded: past QUEUE_MAX waiting, or QUEUE_MAX_PER_USER for one user, a question is refused with a wait', () => {
  const log: string[] = [];
  const queue = new QuestionQueue({ maxWaiting: 3, maxPerUser: 2, concurrency: 1 });
  assert.ok(queue.admit('a', held(log, 'a1').work).ok); // answered at once
  assert.ok(queue.admit('a', held(log, 'a2').work).ok);
  assert.ok(queue.admit('a', held(log, 'a3').work).ok);
  const mine = queue.admit('a', held(log, 'a4').work);
  assert.deepEqual(mine.ok ? null : mine.reason, 'user', 'a has two waiting');
  assert.ok(queue.admit('b', held(log, 'b1').work).ok);
  const full = queue.admit('c', held(log, 'c1').work);
  assert.ok(!full.ok);
  assert.equal(full.reason, 'full');
  // Three waiting, one at a time at 1.5 s.
  assert.equal(full.retryAfterMs, 4500);
  assert.deepEqual(queue.counts, { answered: 0, refusedFull: 1, refusedUser: 1 });
});

test('a failing question frees its place and reports its error', async () => {
  const queue = new QuestionQueue({ maxWaiting: 10, maxPerUser: 10, concurrency: 1 });
  const failing = queue.admit('a', async () => {
    throw new Error('boom');
  });
  const next = queue.admit('b', async () => 'fine');
  assert.ok(failing.ok && next.ok);
  await assert.rejects(failing.done, /boom/);
  assert.equal(await next.done, 'fine');
});

test('what users are told: the wait, and a polite busy note with the seconds to wait', () => {
  assert.equal(queuedNotice(12, 19_200), '⏳ 12 questions ahead of yours, about 20 s. Your answer will appear here.');
  assert.match(queuedNotice(1, 200), /^⏳ 1 question ahead of yours, about 1 s\./);
  assert.match(
    busyMessage('full', 42_100, 5),
    /busy answering many questions right now\. Please try again in about 43 s; this question was not counted/,
  );
  assert.match(busyMessage('full', 100, 5), /about 5 s/, 'never "try again in 0 s"');
  assert.match(
    busyMessage('user', 9000, 5),
    /You already have 5 questions waiting\. Please ask again once they are answered \(about 9 s\)/,
  );
});

function result(question: string): AskResult {
  return {
    question,
    answer: `answer to ${question}`,
    refused: false,
    citations: [],
    related: [],
    answerer: 'extractive',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
  };
}

test('ask cache: the same question in progress is computed once; soon after it is reused; then computed again', async () => {
  let now = 0;
  const cache = new AskCache({ ttlMs: 60_000, now: () => now });
  let computed = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const compute = async () => {
    computed++;
    await gate;
    return result('q');
  };
  const key = askKey('g1', 'Why did the US sanction Turkey?', {});
  // Case and spacing do not make another question.
  assert.equal(askKey('g1', '  why did the US  sanction turkey? ', {}), key);
  const first = cache.run(key, compute);
  const second = cache.run(key, compute);
  release();
  const [a, b] = await Promise.all([first, second]);
  assert.equal(computed, 1, 'joined the answer in progress');
  assert.deepEqual(a, b);
  assert.notEqual(a, b, 'each caller gets its own copy');

  now = 59_000;
  await cache.run(key, compute);
  assert.equal(computed, 1, 'reused within ASK_CACHE_SECONDS');
  now = 121_000;
  await cache.run(key, compute);
  assert.equal(computed, 2, 'computed again once expired');
  assert.deepEqual(cache.counts, { computed: 2, shared: 2 });
});

test('ask cache: another generation, history, filter or k is another question; a failure is not kept', async () => {
  const keys = [
    askKey('g1', 'q', {}),
    askKey('g2', 'q', {}),
    askKey('g1', 'q', { history: ['earlier'] }),
    askKey('g1', 'q', { sources: ['004'] }),
    askKey('g1', 'q', { from: '2020-01-01' }),
    askKey('g1', 'q', { k: 3 }),
    askKey('g1', 'q', { server: '123456' }),
    askKey('g1', 'q', { asker: { userId: 'u1', guildId: 'g' } }, true),
  ];
  // The asker matters only when told to (a chat model with per-user budgets).
  assert.equal(askKey('g1', 'q', { asker: { userId: 'u1', guildId: 'g' } }), askKey('g1', 'q', { asker: { userId: 'u2', guildId: 'g' } }));
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(askKey('g1', 'q', { sources: ['b', 'a'] }), askKey('g1', 'q', { sources: ['a', 'b'] }));

  const cache = new AskCache({ ttlMs: 60_000 });
  await assert.rejects(
    cache.run('k', async () => {
      throw new Error('model failed');
    }),
    /model failed/,
  );
  assert.equal((await cache.run('k', async () => result('again'))).answer, 'answer to again');

  // A stand-in answer with a note (why the model's is not shown) is not reused.
  let noted = 0;
  const withNote = async () => ({ ...result(String(++noted)), note: 'The model did not answer in time.' });
  await cache.run('n', withNote);
  await cache.run('n', withNote);
  assert.equal(noted, 2);

  const off = new AskCache({ ttlMs: 0 });
  let n = 0;
  await off.run('k', async () => result(String(++n)));
  await off.run('k', async () => result(String(++n)));
  assert.equal(n, 2, 'ASK_CACHE_SECONDS=0 keeps nothing once answered');
});

test('/status says when the model is warming up, and how many questions wait', () => {
  const config = loadConfig({}, { dotenvPath: false });
  const base = { stats: null, config, progress: null, uptimeMs: 5000 };
  assert.match(formatStatus({ ...base, warmUp: { state: 'warming', ms: null, error: null } }), /Model: warming up/);
  assert.match(
    formatStatus({ ...base, warmUp: { state: 'ready', ms: 1400, error: null } }),
    /Model: ready \(loaded and warmed in 1\.4 s\)/,
  );
  assert.match(
    formatStatus({ ...base, warmUp: { state: 'failed', ms: null, error: 'model_q4.onnx_data: corrupt' } }),
    /Model: failed to load: model_q4/,
  );
  const busy = formatStatus({ ...base, queue: { waiting: 7, active: 2, serviceMs: 300 } });
  assert.match(busy, /Questions: 2 being answered, 7 waiting \(about 300 ms each\)/);
  assert.doesNotMatch(formatStatus({ ...base, queue: { waiting: 0, active: 0, serviceMs: 300 } }), /Questions:/);
});
