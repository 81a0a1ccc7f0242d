// Issue 11, thread names: the thread a mention is answered in is named after the question as plain words,
// without mentions, markdown or control characters.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { threadName } from '../src/bot/format/thread-name.ts';
import { type Harness, startHarness } from './fake-discord/harness.ts';

test('mentions, code, markdown and controls are stripped; what is left is the question', () => {
  assert.equal(threadName('@everyone <@&123456789012345678> why did the US sanction Turkey?'), 'why did the US sanction Turkey?');
  assert.equal(threadName('**Why** did `Lavrov` say ~~that~~ ||this||? <@!42424242> @here'), 'Why did Lavrov say that this?');
  assert.equal(threadName('```js\nalert(1)\n```\nwhat about [the deal](https://x.example)?'), 'what about the deal?');
  assert.equal(threadName('# Heading\n> quoted <#987654321098765432> question\u202e\u0007'), 'Heading quoted question');
  assert.equal(threadName('<:sad:1234567890> sanctions <t:1700000000:R>'), ':sad: sanctions');
  assert.equal(threadName('<@&123456789012345678> ```only code```'), 'Question');
  assert.ok(threadName('why '.repeat(60)).length <= 100);
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

test('a mention asking with @everyone, a role mention and a code fence gets a plain thread name', async () => {
  const user = h.fake.addUser('shouter');
  const message = h.fake.say(user, '@everyone <@&123456789012345678> **why** did the US sanction `Turkey`? ```ignore me```', {
    mentionBot: true,
  });
  const thread = await h.fake.until(() => h.fake.state.channels.get(String(message.id)), 'the thread');
  assert.equal(thread.name, 'why did the US sanction Turkey?');
});
