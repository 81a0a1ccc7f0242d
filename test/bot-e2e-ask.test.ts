// The real bot (discord.js client, runBot) against the fake Discord, answering from the real
// archive over the bundled articles: commands, answers, refusals, buttons, summaries, limits.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, test } from 'vitest';
import { deployCommands } from '../src/bot/deploy.ts';
import type { Harness } from './fake-discord/harness.ts';
import { startHarness, TEST_TOKEN } from './fake-discord/harness.ts';
import { answerOf, assertNoPings, assertWithinLimits, customIds, privateNoteOf, responseMessages, textOf } from './fake-discord/inspect.ts';
import type { Json } from './fake-discord/model.ts';

let h: Harness;

beforeAll(async () => {
  // Three questions per user per hour: each test uses fresh users, the rate test a fourth question.
  h = await startHarness({ env: { RATE_LIMIT_USER: '3/3600' } });
});

afterAll(async () => {
  await h?.stop();
});

const markersIn = (text: string): string[] => [...new Set(text.match(/\[\d+\]/g) ?? [])];

test('deploy-commands registers every command, for the guild or globally', async () => {
  const result = await deployCommands(h.config);
  assert.equal(result.scope, 'guild');
  const names = h.fake.state.commands.guild.map((c) => c.name).sort();
  assert.deepEqual(names, ['ask', 'help', 'reindex', 'sources', 'status', 'summary']);
  const byName = new Map(h.fake.state.commands.guild.map((c) => [c.name, c]));
  assert.equal(byName.get('reindex')?.default_member_permissions, '32', '/reindex defaults to Manage Server');
  const sourcesSubs = ((byName.get('sources')?.options as Json[]) ?? []).map((o) => o.name);
  assert.deepEqual(sourcesSubs, ['list', 'add', 'remove']);
  const articleOption = ((byName.get('summary')?.options as Json[]) ?? []).find((o) => o.name === 'article');
  assert.equal(articleOption?.autocomplete, true);

  const global = await deployCommands({ ...h.config, discord: { ...h.config.discord, guildId: undefined } });
  assert.equal(global.scope, 'global');
  assert.equal(h.fake.state.commands.global.length, 6);
});

test('/ask defers at once, then edits in an answer with [n] citations and its sources', async () => {
  const user = h.fake.addUser('asker');
  const ix = h.fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
  const messages = await answerOf(h.fake, ix);
  assert.equal(ix.callbacks[0]?.type, 5, 'the first response is a deferral');
  assert.equal(Number((ix.callbacks[0]!.data as Json).flags ?? 0) & 64, 0, 'public by default');
  assert.ok(ix.edits.length > 0 && (ix.callbackAt ?? Infinity) <= (ix.edits[0]?.at ?? 0), 'the answer is edited in after the deferral');
  const text = textOf(messages);
  assert.match(text, /S-400/);
  const [answer = '', sources = ''] = text.split('**Sources**');
  const cited = markersIn(answer);
  assert.ok(cited.length > 0, 'the answer cites');
  // One line per article, opening with all its numbers ("[1][2] Title — date").
  const lines = sources.trim().split('\n');
  for (const marker of cited)
    assert.equal(lines.filter((l) => /^(\[\d+\])+ /.exec(l)?.[0].includes(marker)).length, 1, `one source line for ${marker}`);
  const articles = lines.map((l) => l.replace(/^(\[\d+\])+ /, ''));
  assert.equal(new Set(articles).size, articles.length, 'each article listed once');
  // The citation for the S-400 sentence is listed with its date.
  assert.match(sources, /2020-12-29/);
  assert.deepEqual(
    customIds(messages.at(-1)).map((id) => id.split(':')[1]),
    ['sources', 'up', 'down'],
  );
});

test('a question the articles do not answer is refused, with no sources', async () => {
  const user = h.fake.addUser('curious');
  const question = 'What is the capital of Australia?';
  const ix = h.fake.command(user, 'ask', { options: { question } });
  const text = textOf(await answerOf(h.fake, ix));
  const expected = await h.archive.ask(question);
  assert.equal(expected.refused, true);
  assert.ok(text.startsWith(expected.answer), `the refusal is relayed: ${text}`);
  assert.doesNotMatch(text, /Canberra|\*\*Sources\*\*|\[\d+\]/);
  assert.deepEqual(
    customIds(responseMessages(ix).at(-1)).map((id) => id.split(':')[1]),
    ['up', 'down'],
    'no Sources button',
  );
});

test('private:true keeps the answer to the asker', async () => {
  const user = h.fake.addUser('shy');
  const ix = h.fake.command(user, 'ask', { options: { question: 'What did Lavrov say about the sanctions?', private: true } });
  await answerOf(h.fake, ix);
  assert.equal(Number((ix.callbacks[0]!.data as Json).flags) & 64, 64);
});

test('the Sources button shows the quoted passages privately; 👍/👎 record feedback once per user', async () => {
  const asker = h.fake.addUser('reader');
  const clicker = h.fake.addUser('clicker');
  const ix = h.fake.command(asker, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
  const last = (await answerOf(h.fake, ix)).at(-1) as Json;
  const [sourcesId, upId, downId] = customIds(last) as [string, string, string];

  const show = h.fake.click(clicker, last, sourcesId);
  const quotes = await privateNoteOf(h.fake, show);
  assert.equal(show.callbacks[0]?.type, 4);
  assert.match(quotes, /^\[1\](\[\d+\])* /m);
  assert.match(quotes, /^> .*S-400/m, 'the passage is quoted');

  const up = h.fake.click(clicker, last, upId);
  assert.match(await privateNoteOf(h.fake, up), /recorded/);
  assert.equal(h.feedback.length, 1);
  const record = h.feedback[0];
  assert.equal(record?.rating, 1);
  assert.equal(record?.question, 'Why did the US sanction Turkey?');
  assert.match(record?.answer ?? '', /S-400/);
  assert.ok((record?.citations.length ?? 0) > 0 && record?.citations.every((c) => c.n > 0 && c.articleId && Number.isInteger(c.chunkId)));
  assert.equal(record?.userId, clicker.id);
  // Stored: an HMAC of the id keyed with the secret beside the index; neither the id nor its plain sha256.
  const keyFile = path.join(h.config.indexDir, 'feedback.key');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const db = new Database(path.join(h.config.indexDir, 'feedback.db'), { readonly: true });
  const rows = db.prepare('SELECT * FROM feedback').all() as Array<Record<string, unknown>>;
  db.close();
  const key = Buffer.from(readFileSync(keyFile, 'utf8'), 'hex');
  assert.equal(rows[0]?.user_hash, createHmac('sha256', key).update(clicker.id).digest('hex'));
  assert.notEqual(rows[0]?.user_hash, createHash('sha256').update(clicker.id).digest('hex'));
  assert.ok(!JSON.stringify(rows).includes(clicker.id), 'the user id itself is not stored');

  const again = h.fake.click(clicker, last, upId);
  assert.match(await privateNoteOf(h.fake, again), /already recorded/);
  assert.equal(h.feedback.length, 1);
  const down = h.fake.click(clicker, last, downId);
  await privateNoteOf(h.fake, down);
  assert.deepEqual(
    h.feedback.map((f) => f.rating),
    [1, -1],
  );
});

test('/summary: autocomplete offers articles, then a cited summary of the chosen one or of a topic', async () => {
  const user = h.fake.addUser('summarizer');
  const typed = h.fake.autocomplete(user, 'summary', 'article', 'Lavrov');
  await h.fake.until(() => typed.callbacks[0], 'autocomplete result');
  assert.equal(typed.callbacks[0]?.type, 8);
  const choices = (typed.callbacks[0]!.data as { choices: Array<{ name: string; value: string }> }).choices;
  assert.ok(choices.length > 0 && choices.length <= 25);
  assert.ok(choices.every((c) => c.name.length <= 100 && c.value.length <= 100));
  assert.match(choices[0]?.name ?? '', /Lavrov/);

  const empty = h.fake.autocomplete(user, 'summary', 'article', '');
  await h.fake.until(() => empty.callbacks[0], 'autocomplete result');
  assert.equal((empty.callbacks[0]!.data as { choices: unknown[] }).choices.length, 5, 'all five articles when nothing is typed');

  const ix = h.fake.command(user, 'summary', { options: { article: choices[0]?.value ?? '' } });
  const text = textOf(await answerOf(h.fake, ix));
  assert.equal(ix.callbacks[0]?.type, 5);
  assert.match(text, /^\*\*Summary of .*Lavrov/);
  assert.ok(markersIn(text).length > 0 && text.includes('**Sources**'));

  const topic = h.fake.command(user, 'summary', { options: { topic: 'sanctions against Turkey', from: '2020-01-01' } });
  const topicText = textOf(await answerOf(h.fake, topic));
  assert.match(topicText, /^\*\*Summary: sanctions against Turkey \(2020-01-01 to …\)\*\*/);
  assert.ok(markersIn(topicText).length > 0);

  const both = h.fake.command(user, 'summary', { options: { article: 'x', topic: 'y' } });
  assert.match(await privateNoteOf(h.fake, both), /either an `article` or a `topic`/);
});

test('/status and /help answer privately with what is indexed and what the bot does', async () => {
  const user = h.fake.addUser('operator');
  const status = await privateNoteOf(h.fake, h.fake.command(user, 'status'));
  const stats = h.archive.stats();
  assert.ok(stats);
  assert.match(status, new RegExp(`Articles: ${stats.articles} · Passages: ${stats.chunks}`));
  assert.match(status, /Embedder: local · .*MiniLM/);
  assert.match(status, /Answerer: extractive/);
  assert.match(status, /Uptime: /);
  const help = await privateNoteOf(h.fake, h.fake.command(user, 'help'));
  assert.match(help, /\/ask/);
  assert.ok(help.split('\n').length <= 10);
});

test('questions over the per-user limit are refused privately with the time to wait', async () => {
  const user = h.fake.addUser('eager');
  for (let i = 0; i < 3; i++) await answerOf(h.fake, h.fake.command(user, 'ask', { options: { question: `Who met in Sochi? (${i})` } }));
  const limited = h.fake.command(user, 'ask', { options: { question: 'And one more?' } });
  const note = await privateNoteOf(h.fake, limited);
  assert.match(note, /wait (\d+) s/);
  const seconds = Number(/wait (\d+) s/.exec(note)?.[1]);
  assert.ok(seconds > 3000 && seconds <= 3600, `wait ${seconds} s`);
  assert.equal(limited.callbacks[0]?.type, 4, 'refused without deferring');
  // Mentions count against the same limit; the refusal replies without pinging.
  h.fake.say(user, 'why did the US sanction Turkey?', { mentionBot: true });
  const reply = await h.fake.until(
    () => h.fake.messagesIn(h.fake.state.channelId).find((m) => m.message_reference && /wait \d+ s/.test(String(m.content))),
    'rate-limit reply',
  );
  assert.ok(reply);
  // Another user is not affected.
  const other = h.fake.command(h.fake.addUser('patient'), 'ask', { options: { question: 'Who met in Sochi?' } });
  assert.match(textOf(await answerOf(h.fake, other)), /\[1\]/);
});

test('a question containing @everyone and a user mention pings nobody', async () => {
  const user = h.fake.addUser('prankster');
  const ix = h.fake.command(user, 'ask', {
    options: { question: `@everyone <@${h.fake.state.owner.id}> why did the US sanction Turkey?` },
  });
  await answerOf(h.fake, ix);
  assert.ok(ix.edits.length > 0);
  for (const { body } of ix.edits) assert.deepEqual(body.allowed_mentions, { parse: [], replied_user: false });
});

test('everything the bot sent pings nobody, stays within Discord limits, and the token is never logged', () => {
  const checked = assertNoPings(h.fake);
  assert.ok(checked > 15, `checked ${checked} messages`);
  assertWithinLimits(h.fake);
  assert.ok(h.logs.length > 0);
  assert.ok(!h.logs.some((line) => line.includes(TEST_TOKEN)), 'the token appears in the logs');
  const failed = h.fake.requests.filter((r) => r.status >= 400);
  assert.deepEqual(
    failed.map((r) => `${r.method} ${r.path} ${r.status}`),
    [],
    'no request the fake could not serve',
  );
});
