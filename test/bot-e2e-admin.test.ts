// Moderator commands through the real bot and the real archive: /reindex (permissions,
// progress, one at a time), /sources list|add|remove, and an added article answering questions.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import type { Harness } from './fake-discord/harness.ts';
import { startHarness } from './fake-discord/harness.ts';
import { answerOf, assertNoPings, customIds, privateNoteOf, textOf } from './fake-discord/inspect.ts';
import type { Json } from './fake-discord/model.ts';
import type { InteractionRecord } from './fake-discord/state.ts';

let h: Harness;
let web: Server;
let webUrl = '';

const KESTREL = [
  '# Kestrel Bridge opens over the Avonmere',
  '',
  'The Kestrel Bridge over the river Avonmere was opened on 3 March 2023 by the engineer Mariam Okafor.',
  'The bridge is 412 metres long and carries two tram lines.',
  'The opening notice read: @everyone is invited to walk across the Kestrel Bridge on its first day, said <@123456789012345678>.',
].join('\n');

const HERON_PAGE = `<!doctype html><html><head><title>Heron Tunnel flooded</title></head><body><article>
<h1>Heron Tunnel flooded</h1><p>The Heron Tunnel under the Lyme estuary was closed on 9 June 2023 after seawater flooded its northern entrance.</p>
<p>Engineers said the pumps of the Heron Tunnel failed during the storm surge and repairs would take six weeks.</p></article></body></html>`;

beforeAll(async () => {
  web = createServer((req, res) => {
    if (req.url === '/heron.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HERON_PAGE);
    } else if (req.url === '/picture.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(64));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  h = await startHarness({
    // Eight short extra articles make /sources list two pages.
    prepareArticles: (dir) => {
      for (let i = 1; i <= 8; i++) {
        const article = {
          title: `Harbour report ${i}`,
          date: `2023-01-0${i}`,
          outlet: 'Harbour Gazette',
          text: `Harbour report number ${i}: ${i * 3} ships docked at the eastern pier this week, the harbour master said.`,
        };
        writeFileSync(path.join(dir, `harbour-${i}.json`), JSON.stringify(article));
      }
    },
    bot: { progressIntervalMs: 1000 },
  });
});

afterAll(async () => {
  await h?.stop();
  web?.closeAllConnections();
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
});

/** The text of the last edit of the original response (the report, once the job is done). */
async function finalEdit(ix: InteractionRecord, pattern: RegExp): Promise<string> {
  return h.fake.until(
    () => {
      const last = String(ix.edits.at(-1)?.body.content ?? '');
      return pattern.test(last) ? last : null;
    },
    `an edit matching ${pattern}`,
    60_000,
  );
}

test('/reindex is refused for a plain member, privately and without starting anything', async () => {
  const member = h.fake.addUser('member');
  const ix = h.fake.command(member, 'reindex', { options: { full: true } });
  assert.match(await privateNoteOf(h.fake, ix), /Only moderators/);
  assert.equal(ix.callbacks[0]?.type, 4);
  assert.equal(h.archive.reindexProgress(), null);
});

test('/reindex for a moderator shows progress, refuses a second one meanwhile, keeps answering, then reports', async () => {
  const mod = h.fake.addUser('mod', 'moderator');
  const admin = h.fake.addUser('admin', 'admin');
  // Both arrive in the same gateway burst: the second must be told the first is running.
  const first = h.fake.command(mod, 'reindex', { options: { full: true } });
  const second = h.fake.command(admin, 'reindex');
  const busy = await privateNoteOf(h.fake, second);
  assert.match(busy, /Full reindex is already running \(started .* ago\): /);
  assert.equal(second.callbacks[0]?.type, 4, 'the second is not deferred');

  // A question asked while the reindex runs is answered, with citations.
  const asker = h.fake.addUser('asker');
  const question = h.fake.command(asker, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });

  const report = await finalEdit(first, /^✅/);
  assert.equal(first.callbacks[0]?.type, 5);
  const progress = first.edits.filter((e) => String(e.body.content).startsWith('⏳'));
  assert.ok(progress.length >= 1, 'at least one progress edit before the report');
  assert.match(String(progress[0]?.body.content), /^⏳ Full reindex: /);
  // How often it is edited is the code's timer, tested on fake timers (test/unit/progress-reply.test.ts):
  // arrival times here depend on the machine's load.
  assert.match(report, /^✅ Full reindex finished in .*: 13 articles, \d+ passages indexed\./);
  assert.match(report, /Added: 0\nUpdated: \d+.*\nUnchanged: \d+\nRemoved: 0\nFailed: 0/s);

  assert.match(textOf(await answerOf(h.fake, question)), /S-400.*\[1\]/s);
  // Now that it is done, another reindex may run (incremental: nothing changed).
  const again = h.fake.command(mod, 'reindex');
  assert.match(await finalEdit(again, /^✅/), /Nothing changed/);
});

test('/sources list pages through the articles with buttons', async () => {
  const user = h.fake.addUser('browser');
  const ix = h.fake.command(user, 'sources', { subcommand: 'list' });
  const page1 = await h.fake.until(() => ix.original, 'the list');
  assert.equal(Number(page1.flags) & 64, 64, 'private');
  assert.match(
    String(page1.content),
    /^\*\*Indexed articles\*\* \(13: 13 🌐 shared with every server, 0 🏠 added in this server\) — page 1\/2/,
  );
  assert.equal(String(page1.content).split('\n').length, 11);
  assert.match(String(page1.content), /\[1\]|Harbour report 8 — Harbour Gazette, 2023-01-08/);
  const next = customIds(page1).find((id) => id === 'sources:page:1');
  assert.ok(next, 'a Next button');
  const click = h.fake.click(user, page1, next);
  await h.fake.until(() => click.callbacks[0], 'the page update');
  assert.equal(click.callbacks[0]?.type, 7, 'the list message is updated in place');
  const page2 = String((click.callbacks[0]!.data as Json).content);
  assert.match(page2, /page 2\/2/);
  assert.equal(page2.split('\n').length, 4);
});

test('/sources add is refused for a plain member', async () => {
  const member = h.fake.addUser('member2');
  const ix = h.fake.command(member, 'sources', { subcommand: 'add', options: { url: `${webUrl}/heron.html` } });
  assert.match(await privateNoteOf(h.fake, ix), /Only moderators/);
});

test('/sources add with an attachment saves and indexes it; it then answers questions, pinging nobody', async () => {
  const mod = h.fake.addUser('curator', 'moderator');
  const attachment = h.fake.addAttachment('kestrel bridge.md', KESTREL, 'text/markdown; charset=utf-8');
  const ix = h.fake.command(mod, 'sources', { subcommand: 'add', attachments: { file: attachment } });
  const report = await finalEdit(ix, /^Added/);
  // Added for this server only: its id carries the server's, its file is in the server's own folder.
  const id = `${h.fake.state.guildId}/kestrel-bridge`;
  assert.ok(
    report.startsWith(`Added **Kestrel Bridge opens over the Avonmere** (\`${id}\`) from kestrel bridge.md, for this server only.`),
    report,
  );
  assert.ok(report.includes(`Added: 1 (\`${id}\`)`), report);
  assert.ok(
    ix.edits.some((e) => String(e.body.content).startsWith('⏳ Adding an article')),
    'progress was shown',
  );
  assert.ok(existsSync(path.join(h.config.serverArticlesDir, h.fake.state.guildId, 'kestrel-bridge.md')));
  assert.ok(!existsSync(path.join(h.config.articlesDir, 'kestrel-bridge.md')), 'the shared corpus is untouched');
  assert.equal(h.fake.attachmentFetches.length, 1);

  const asker = h.fake.addUser('commuter');
  const answer = h.fake.command(asker, 'ask', { options: { question: 'Who opened the Kestrel Bridge?' } });
  const text = textOf(await answerOf(h.fake, answer));
  assert.match(text, /Mariam Okafor.*\[1\]/s);
  assert.match(text, /\[1\] Kestrel Bridge opens over the Avonmere/);

  // The article's @everyone and user mention reach the channel as text, and ping nobody.
  const notice = h.fake.command(asker, 'ask', { options: { question: 'What did the opening notice of the Kestrel Bridge say?' } });
  const noticeText = textOf(await answerOf(h.fake, notice));
  assert.match(noticeText, /@everyone/);
  for (const { body } of notice.edits) assert.deepEqual(body.allowed_mentions, { parse: [], replied_user: false });
  assertNoPings(h.fake);
});

test('/sources add with a url fetches it (private addresses allowed in this test) and refuses non-article types', async () => {
  const mod = h.fake.addUser('fetcher', 'moderator');
  const ix = h.fake.command(mod, 'sources', { subcommand: 'add', options: { url: `${webUrl}/heron.html` } });
  const report = await finalEdit(ix, /^Added/);
  assert.match(
    report,
    new RegExp(`^Added \\*\\*Heron Tunnel flooded\\*\\* \\(\`${h.fake.state.guildId}/127\\.0\\.0\\.1-heron-[0-9a-f]{8}\`\\)`),
  );
  const asker = h.fake.addUser('driver');
  const answer = textOf(
    await answerOf(h.fake, h.fake.command(asker, 'ask', { options: { question: 'Why was the Heron Tunnel closed?' } })),
  );
  assert.match(answer, /flooded.*\[1\]/s);

  const png = h.fake.command(mod, 'sources', { subcommand: 'add', options: { url: `${webUrl}/picture.png` } });
  assert.match(await privateNoteOf(h.fake, png), /Unsupported content type image\/png/);
  assert.ok(png.originalDeleted, 'the public placeholder was removed');

  const neither = h.fake.command(mod, 'sources', { subcommand: 'add' });
  assert.match(await privateNoteOf(h.fake, neither), /either a `file` or a `url`/);
});

test('/sources remove (autocomplete, then the exact id) deletes the article and reindexes', async () => {
  const mod = h.fake.addUser('pruner', 'moderator');
  const typed = h.fake.autocomplete(mod, 'sources', 'article', 'Kestrel', 'remove');
  await h.fake.until(() => typed.callbacks[0], 'autocomplete');
  const choice = (typed.callbacks[0]!.data as { choices: Array<{ name: string; value: string }> }).choices[0];
  const id = `${h.fake.state.guildId}/kestrel-bridge`;
  assert.equal(choice?.value, id);
  assert.match(choice?.name ?? '', /^Kestrel Bridge opens over the Avonmere/);

  const guess = h.fake.command(mod, 'sources', { subcommand: 'remove', options: { article: 'Kestrel' } });
  assert.ok((await privateNoteOf(h.fake, guess)).includes(`No indexed article has the id \`Kestrel\`. Did you mean \`${id}\``));

  const ix = h.fake.command(mod, 'sources', { subcommand: 'remove', options: { article: id } });
  const report = await finalEdit(ix, /^Removed/);
  assert.ok(report.includes(`Removed: 1 (\`${id}\`)`), report);
  assert.ok(!existsSync(path.join(h.config.serverArticlesDir, h.fake.state.guildId, 'kestrel-bridge.md')));
  const asker = h.fake.addUser('late');
  const answer = await answerOf(h.fake, h.fake.command(asker, 'ask', { options: { question: 'Who opened the Kestrel Bridge?' } }));
  assert.doesNotMatch(textOf(answer), /Mariam Okafor/);
});
