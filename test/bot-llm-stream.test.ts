// A chat model's answer shown in Discord while it is written, through the real client, archive and openai
// SDK against the fake Discord and the fake OpenAI-compatible server: the deferred reply (or the thread
// message, for a mention) is edited as the text grows, coalesced to the edit interval, without unchecked
// markers; the final edit carries the checked answer. The model's stream is held at points until the
// test has seen the edit it waits for, so nothing here depends on timing.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { WRITING } from '../src/bot/stream-reply.ts';
import type { Harness } from './fake-discord/harness.ts';
import { startHarness } from './fake-discord/harness.ts';
import { answerOf, assertNoPings, customIds, textOf } from './fake-discord/inspect.ts';
import type { Json } from './fake-discord/model.ts';
import { FakeOpenAI, type RecordedChat, userText } from './helpers/fake-openai.ts';

const INTERVAL_MS = 400;
const fake = new FakeOpenAI();
let h: Harness;

beforeAll(async () => {
  await fake.start();
  h = await startHarness({
    env: { ANSWERER: 'llm', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bot-test-key-0123456789', OPENAI_CHAT_MODEL: 'fake-model' },
    bot: { streamIntervalMs: INTERVAL_MS },
  });
});

afterAll(async () => {
  await h?.stop();
  await fake.stop();
});

function passageWith(r: RecordedChat, phrase: string): number {
  const m = [...userText(r).matchAll(/<<<PASSAGE \[(\d+)\] \w+>>>[^\n]*\n([\s\S]*?)\n<<<END/g)].find((x) => x[2]!.includes(phrase));
  assert.ok(m, `no passage with "${phrase}"`);
  return Number(m[1]);
}

/** Pieces the last answer was streamed in. */
let pieces = 0;

/** The answer in many small pieces: the middle one and the last one wait until Discord shows the text before them. */
function streamedSanctions(seen: (textSoFar: string) => Promise<void>) {
  return (r: RecordedChat) => {
    const content = `The US sanctioned Turkey for buying Russia's S-400 air defense system, imposing rare sanctions against a NATO ally [${passageWith(r, 'punished Turkey for buying')}].`;
    const words = content.split(/(?<= )/);
    pieces = words.length;
    return {
      content,
      chunks: words,
      beforeChunk: (i: number) =>
        i === Math.floor(words.length / 2) || i === words.length - 1
          ? seen(
              words
                .slice(0, i)
                .join('')
                .trim()
                .replace(/\s*\[\d*$/, ''),
            )
          : Promise.resolve(),
    };
  };
}

const isPartial = (content: string) => content.endsWith(WRITING);

test('/ask: the deferred reply grows while the model writes, within the edit rate, then shows the checked answer', async () => {
  const user = h.fake.addUser('streamer');
  const ix = h.fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
  fake.onChat(
    streamedSanctions((text) =>
      h.fake
        .until(() => ix.edits.some((e) => String(e.body.content ?? '').includes(text.slice(-30))), 'an edit showing the text so far')
        .then(() => undefined),
    ),
  );
  const messages = await answerOf(h.fake, ix);
  const contents = ix.edits.map((e) => String(e.body.content ?? ''));
  const partials = contents.filter(isPartial);
  assert.ok(partials.length >= 2, `the answer was shown as it grew (${partials.length} partial edits)`);
  assert.ok(partials.length < pieces / 2, `updates are coalesced (${partials.length} edits for ${pieces} pieces)`);
  for (const p of partials) assert.doesNotMatch(p, /\[\d+\]|\*\*Sources\*\*/, 'no unchecked marker is ever shown');
  for (let i = 1; i < partials.length; i++) assert.ok(partials[i]!.length >= partials[i - 1]!.length, 'the text only grows');
  // Within the edit rate: no more partial edits than the interval allows over the time they took.
  const times = ix.edits.filter((e) => isPartial(String(e.body.content ?? ''))).map((e) => e.at);
  const span = times.at(-1)! - times[0]!;
  assert.ok(partials.length <= 2 + span / INTERVAL_MS, `${partials.length} partial edits in ${Math.round(span)} ms`);
  // The final edit is the checked answer, with its sources and buttons, and nothing comes after it.
  const last = contents.at(-1)!;
  assert.ok(!isPartial(last));
  assert.match(last, /NATO ally\. \[1\]/);
  assert.match(textOf(messages), /\*\*Sources\*\*\n\[1\]/);
  assert.deepEqual(
    customIds(messages.at(-1)).map((id) => id.split(':')[1]),
    ['sources', 'up', 'down'],
  );
  assertNoPings(h.fake);
});

test('a mention: the thread message grows while the model writes, then becomes the checked answer', async () => {
  const user = h.fake.addUser('mentioner');
  const message = h.fake.say(user, 'Why did the US sanction Turkey?', { mentionBot: true });
  const threadId = String(message.id);
  const edits = () => h.fake.state.messageEdits.filter((e) => e.channelId === threadId);
  fake.onChat(
    streamedSanctions((text) =>
      h.fake
        .until(
          () =>
            [...h.fake.messagesIn(threadId), ...edits().map((e) => e.body)].some((m) =>
              String((m as Json).content ?? '').includes(text.slice(-30)),
            ),
          'the thread message showing the text so far',
        )
        .then(() => undefined),
    ),
  );
  const answer = await h.fake.until(() => {
    const mine = h.fake.messagesIn(threadId).filter((m) => (m.author as Json).id === h.fake.state.bot.id);
    return mine.find((m) => customIds(m).some((id) => id.startsWith('ask:up:')));
  }, 'the answer in the thread');
  const mine = h.fake.messagesIn(threadId).filter((m) => (m.author as Json).id === h.fake.state.bot.id);
  assert.equal(mine[0]?.id, answer.id, 'the message that showed the answer being written became the answer');
  const shown = edits()
    .filter((e) => e.messageId === answer.id)
    .map((e) => String(e.body.content ?? ''));
  assert.ok(shown.some(isPartial), 'it was edited while the model wrote');
  assert.ok(!isPartial(shown.at(-1)!));
  assert.match(String(answer.content), /NATO ally\. \[1\]\n\n\*\*Sources\*\*/);
});
