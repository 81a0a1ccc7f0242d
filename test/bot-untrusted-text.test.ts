// Untrusted text in Discord: the thread a mention is answered in is named after the question as plain
// words, without mentions, markdown or control characters; names and ids from files (a file name holding an
// escape sequence, a title with a right-to-left override) are shown escaped in /sources list and autocomplete.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
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
  h = await startHarness({
    prepareArticles: (dir) => {
      writeFileSync(
        path.join(dir, 'clear\r\u001b[2Kline.txt'),
        'The Kestrel Bridge over the Avonmere opened on 3 March 2023, the council said.\n',
      );
      writeFileSync(
        path.join(dir, 'override.json'),
        JSON.stringify({
          title: 'Harbour \u202eraeper\u202c news',
          text: 'The harbour of Lyme reopened on 9 June 2023 after the storm surge.',
        }),
      );
    },
  });
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

test('/sources list and autocomplete show control and direction-override characters escaped', async () => {
  const user = h.fake.addUser('lister');
  const list = h.fake.command(user, 'sources', { subcommand: 'list' });
  const content = String((await h.fake.until(() => list.original, 'the list')).content);
  // An id is shown in a code span, where no markdown applies; a title is markdown, its backslashes escaped.
  assert.ok(content.includes('`clear\\r\\x1b[2Kline`'), content);
  assert.ok(content.includes('Harbour \\\\u202eraeper\\\\u202c news'), content);
  for (const c of ['\r', '\u001b', '\u202e']) assert.ok(!content.includes(c), JSON.stringify(c));
  const typed = h.fake.autocomplete(user, 'summary', 'article', 'Harbour');
  await h.fake.until(() => typed.callbacks[0], 'autocomplete');
  const names = (typed.callbacks[0]!.data as { choices: Array<{ name: string }> }).choices.map((c) => c.name);
  assert.ok(
    names.some((n) => n.startsWith('Harbour \\u202eraeper\\u202c news')),
    names.join(' | '),
  );
  assert.ok(!names.join('').includes('\u202e'));
});
