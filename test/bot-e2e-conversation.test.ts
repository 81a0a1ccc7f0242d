// Conversations and connection trouble, through the real client and archive: a mention opens a
// thread, follow-ups in it carry the earlier questions, everything else is ignored; the gateway
// dropping or asking to reconnect mid-session is resumed and the next interaction answered.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { formatAnswer } from '../src/bot/format/answer.ts';
import type { Harness } from './fake-discord/harness.ts';
import { startHarness } from './fake-discord/harness.ts';
import { answerOf, assertNoPings, customIds, textOf } from './fake-discord/inspect.ts';
import type { Json } from './fake-discord/model.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const botMessagesIn = (channelId: string): Json[] =>
  h.fake.messagesIn(channelId).filter((m) => (m.author as Json).id === h.fake.state.bot.id);

/** The bot's messages in a thread, once the one with the 👍/👎 buttons has arrived after `from` earlier ones. */
async function answerInThread(threadId: string, from: number): Promise<Json[]> {
  return h.fake.until(() => {
    const mine = botMessagesIn(threadId).slice(from);
    const last = mine.findIndex((m) => customIds(m).some((id) => id.startsWith('ask:up:')));
    return last >= 0 ? mine.slice(0, last + 1) : null;
  }, `an answer in thread ${threadId}`);
}

test('a mention is answered in a new thread on that message; a follow-up there uses the earlier question', async () => {
  const user = h.fake.addUser('reporter');
  const first = 'Why did the US sanction Turkey?';
  const message = h.fake.say(user, first, { mentionBot: true });
  const threadId = String(message.id);
  const thread = await h.fake.until(() => h.fake.state.channels.get(threadId), 'the thread');
  assert.equal(thread.name, first);
  assert.equal(thread.parent_id, h.fake.state.channelId);
  const answer = textOf(await answerInThread(threadId, 0));
  assert.match(answer, /S-400.*\[1\]/s);
  assert.equal(botMessagesIn(h.fake.state.channelId).length, 0, 'nothing posted in the channel itself');

  const followUp = 'What did Cavusoglu say about it?';
  const alone = await h.archive.ask(followUp);
  const inContext = await h.archive.ask(followUp, { history: [first] });
  assert.notEqual(alone.answer, inContext.answer, 'precondition: history changes this answer');
  h.fake.say(user, followUp, { channelId: threadId });
  const second = textOf(await answerInThread(threadId, 1));
  assert.equal(second, formatAnswer(inContext), 'answered with the thread’s first question as history');
});

test('messages without a mention, and messages from other bots, are ignored', async () => {
  const user = h.fake.addUser('chatter');
  const otherBot = h.fake.addUser('otherbot', 'bot');
  const threadsBefore = [...h.fake.state.channels.values()].filter((c) => c.type === 11).length;
  h.fake.say(user, 'Why did the US sanction Turkey? (no mention)');
  h.fake.say(otherBot, 'Why did the US sanction Turkey?', { mentionBot: true });
  // A real question after them: once it is answered, the two before it were long handled.
  const marker = h.fake.say(user, 'Who met in Sochi?', { mentionBot: true });
  await answerInThread(String(marker.id), 0);
  const threads = [...h.fake.state.channels.values()].filter((c) => c.type === 11);
  assert.equal(threads.length, threadsBefore + 1, 'only the mention from a person opened a thread');
  assert.equal(botMessagesIn(h.fake.state.channelId).length, 0);
});

test('after the gateway drops, the client resumes and the interaction sent meanwhile is answered', async () => {
  const user = h.fake.addUser('resumer');
  const before = { ...h.fake.gatewayStats };
  h.fake.dropConnection();
  // Sent while disconnected: the fake buffers it and replays it on RESUME.
  const ix = h.fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
  assert.match(textOf(await answerOf(h.fake, ix)), /S-400/);
  assert.equal(h.fake.gatewayStats.resumes, before.resumes + 1, 'resumed');
  assert.equal(h.fake.gatewayStats.identifies, before.identifies, 'not a new session');
});

test('after an op 7 reconnect request, the client resumes and keeps answering', async () => {
  const user = h.fake.addUser('reconnector');
  const before = { ...h.fake.gatewayStats };
  h.fake.requestReconnect();
  await h.fake.until(() => h.fake.gatewayStats.resumes > before.resumes || null, 'a resume', 30_000);
  const ix = h.fake.command(user, 'ask', { options: { question: 'Who met in Sochi?' } });
  assert.match(textOf(await answerOf(h.fake, ix)), /\[1\]/);
  assert.equal(h.fake.gatewayStats.identifies, before.identifies);
});

test('thread replies pinged nobody', () => {
  assert.ok(assertNoPings(h.fake) >= 4);
});
