// Discord faults: with the fake Discord answering 429 (with Retry-After) and 5xx to the interaction
// callback, to edits of the reply and to follow-ups, every answer still arrives, whole, each part once and in
// order; with the gateway closed by 4000-range codes while an answer is being made, and resumed, the answer
// still arrives, and an interaction sent while the connection was down is answered after the resume.
// FAULT_ROUNDS sets the rounds of the fault loop (default 4 here; `FAULT_ROUNDS=50 npx vitest run
// test/bot-faults.test.ts` for a long run).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { formatAnswer } from '../src/bot/format/answer.ts';
import { splitMessage } from '../src/bot/split.ts';
import type { AskResult, Citation } from '../src/types.ts';
import { type CannedArchive, cannedArchive } from './fake-discord/archive-double.ts';
import type { Fault } from './fake-discord/fake-discord.ts';
import { type Harness, startHarness } from './fake-discord/harness.ts';
import { answerOf, customIds } from './fake-discord/inspect.ts';
import type { InteractionRecord } from './fake-discord/state.ts';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 4);

const citations: Citation[] = Array.from({ length: 6 }, (_, i) => ({
  n: i + 1,
  articleId: `article-${i + 1}`,
  title: `Report ${i + 1} on the harbour`,
  outlet: 'Harbour Gazette',
  date: `2023-01-0${i + 1}`,
  url: null,
  chunkId: 10 + i,
  quote: `Passage ${i + 1}.`,
  score: 0.9,
}));

/** About 4,500 characters: the reply and two follow-ups. Each sentence is numbered, so a lost or doubled part shows. */
function longAnswer(question: string): string {
  const paragraphs: string[] = [];
  let n = 0;
  while (paragraphs.join('\n\n').length < 4500) {
    const sentences = Array.from({ length: 5 }, () => {
      n++;
      return `Sentence ${n} of the answer to “${question}” cites a harbour report [${(n % 6) + 1}].`;
    });
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

function result(question: string): AskResult {
  return {
    question,
    answer: longAnswer(question),
    refused: false,
    citations,
    related: [],
    answerer: 'extractive',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
  };
}

/** Holds every answer until released, so the test decides what happens while one is being made. */
class Gate {
  private open = true;
  private waiters: Array<() => void> = [];
  private onEnter: Array<() => void> = [];
  entered = 0;

  /** Resolves once more than `count` answers have reached the gate. */
  async enteredMoreThan(count: number): Promise<void> {
    while (this.entered <= count) await new Promise<void>((resolve) => this.onEnter.push(resolve));
  }

  close(): void {
    this.open = false;
  }

  release(): void {
    this.open = true;
    for (const w of this.waiters.splice(0)) w();
  }

  async pass(): Promise<void> {
    this.entered++;
    for (const w of this.onEnter.splice(0)) w();
    if (!this.open) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

let h: Harness;
let archive: CannedArchive;
const gate = new Gate();

beforeAll(async () => {
  h = await startHarness({
    openArchive: async (config) => {
      archive = cannedArchive(config, result);
      const ask = archive.ask.bind(archive);
      archive.ask = async (question, options) => {
        await gate.pass();
        return ask(question, options);
      };
      return archive;
    },
  });
});

afterAll(async () => {
  gate.release();
  await h?.stop();
});

/** The answer's messages are exactly the expected parts, in order, each once, with the buttons on the last. */
async function assertWholeAnswer(ix: InteractionRecord, question: string): Promise<void> {
  const messages = await answerOf(h.fake, ix);
  const expected = splitMessage(formatAnswer(result(question)));
  assert.ok(expected.length >= 3, 'precondition: the answer takes a reply and follow-ups');
  assert.deepEqual(
    messages.map((m) => String(m.content)),
    expected,
  );
  assert.ok(customIds(messages.at(-1)).some((id) => id.startsWith('ask:up:')));
  assert.equal(ix.followups.length, expected.length - 1, 'no follow-up sent twice');
}

const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const EDIT = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
const FOLLOWUP = /^\/webhooks\/\d+\/[^/]+$/;

describe('REST faults: 429 with Retry-After and 5xx', () => {
  const mixes: Array<[string, Fault[]]> = [
    ['429 on the interaction callback', [{ path: CALLBACK, status: 429, retryAfter: 0.05, times: 1 }]],
    [
      '503 then 502 on the interaction callback',
      [
        { path: CALLBACK, status: 503, times: 1 },
        { path: CALLBACK, status: 502, times: 1 },
      ],
    ],
    ['429 on the edit that brings the answer', [{ method: 'PATCH', path: EDIT, status: 429, retryAfter: 0.1, times: 1 }]],
    ['500 twice on the edit', [{ method: 'PATCH', path: EDIT, status: 500, times: 2 }]],
    [
      '429 and 502 on the follow-ups',
      [
        { method: 'POST', path: FOLLOWUP, status: 429, retryAfter: 0.05, times: 1 },
        { method: 'POST', path: FOLLOWUP, status: 502, times: 1 },
      ],
    ],
  ];

  for (const [what, faults] of mixes) {
    test(`${what}: the whole answer arrives, each part once`, async () => {
      const before = h.fake.faulted.length;
      for (const f of faults) h.fake.injectFault(f);
      const user = h.fake.addUser('asker');
      const question = `What happened at the harbour (${what})?`;
      await assertWholeAnswer(h.fake.command(user, 'ask', { options: { question } }), question);
      assert.equal(
        h.fake.faulted.length - before,
        faults.reduce((n, f) => n + f.times, 0),
        'every fault was met',
      );
    });
  }

  test(`${ROUNDS} rounds of every fault at once: every answer whole, nothing lost, nothing logged as failed`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [, faults] of mixes) for (const f of faults) h.fake.injectFault(f);
      const user = h.fake.addUser(`round-${round}`);
      const question = `Round ${round}: what happened at the harbour?`;
      await assertWholeAnswer(h.fake.command(user, 'ask', { options: { question } }), question);
    }
    assert.ok(!h.logs.some((l) => /interaction failed|could not tell the user/.test(l)), 'no failure logged');
  });
});

describe('the gateway closes with a 4000-range code while an answer is being made', () => {
  for (const code of [4000, 4001, 4002, 4009]) {
    test(`${code}: the client resumes; the answer in progress arrives, and one sent while it was down is answered`, async () => {
      const user = h.fake.addUser(`gateway-${code}`);
      const resumes = h.fake.gatewayStats.resumes;
      gate.close();
      const entered = gate.entered;
      const first = h.fake.command(user, 'ask', { options: { question: `Before the ${code} close?` } });
      await gate.enteredMoreThan(entered);
      assert.equal(first.callbacks[0]?.type, 5, 'deferred before the answer is made');
      h.fake.closeGateway(code);
      // Sent while the connection is down: Discord keeps it for the session and replays it on resume.
      const second = h.fake.command(user, 'ask', { options: { question: `During the ${code} close?` } });
      await h.fake.until(() => h.fake.gatewayStats.resumes > resumes, 'the resume');
      gate.release();
      await assertWholeAnswer(first, `Before the ${code} close?`);
      await assertWholeAnswer(second, `During the ${code} close?`);
    });
  }

  test('4008 (rate limited: a new session): the answer in progress still arrives, and the next question too', async () => {
    const user = h.fake.addUser('gateway-4008');
    const identifies = h.fake.gatewayStats.identifies;
    gate.close();
    const entered = gate.entered;
    const first = h.fake.command(user, 'ask', { options: { question: 'Before the 4008 close?' } });
    await gate.enteredMoreThan(entered);
    h.fake.closeGateway(4008);
    await h.fake.until(() => h.fake.gatewayStats.identifies > identifies && h.fake.gatewayConnected, 'a new session');
    gate.release();
    await assertWholeAnswer(first, 'Before the 4008 close?');
    const next = h.fake.command(user, 'ask', { options: { question: 'After the 4008 close?' } });
    await assertWholeAnswer(next, 'After the 4008 close?');
  });
});
