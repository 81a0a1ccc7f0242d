// Unit tests of the bot's pure parts: rate limits, address policy, file naming, option
// parsing, formatting, the one-job-at-a-time slot and the answer memory.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import { parseTarget } from '../../commands/summary.ts';
import { AnswerStore } from '../../src/bot/answer-store.ts';
import { attachmentFileName, chooseExtension, urlFileName } from '../../src/sources/fetch/file-name.ts';
import { questionText } from '../../src/bot/conversation.ts';
import { errorForLog, InputError } from '../../src/errors.ts';
import { registerSecrets } from '../../src/shared/redact.ts';
import { formatAnswer, formatQuotes } from '../../src/bot/format/answer.ts';
import { formatBusy, formatReport } from '../../src/bot/format/reindex.ts';
import { articleLabel, formatDuration } from '../../src/bot/format/text.ts';
import { IndexJobs, JobBusyError } from '../../src/bot/index-jobs.ts';
import { isPrivateAddress } from '../../src/sources/fetch/address-policy.ts';
import { isModerator } from '../../src/bot/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import { PermissionFlagsBits, PermissionsBitField, type ChatInputCommandInteraction } from 'discord.js';
import { RateLimiter, rateLimitMessage } from '../../src/bot/rate-limit.ts';
import type { AskResult, Citation, ReindexReport } from '../../src/types.ts';

test('rate limiter: per-user sliding window, then per-guild, with the time to wait', () => {
  let now = 1_000_000;
  const limiter = new RateLimiter({ count: 2, windowMs: 60_000 }, { count: 3, windowMs: 60_000 }, () => now);
  assert.deepEqual(limiter.take('u1', 'g'), { ok: true });
  now += 10_000;
  assert.deepEqual(limiter.take('u1', 'g'), { ok: true });
  const refused = limiter.take('u1', 'g');
  assert.deepEqual(refused, { ok: false, scope: 'user', retryAfterMs: 50_000 });
  if (!refused.ok) assert.match(rateLimitMessage(refused), /wait 50 s/);
  // The refused question was not counted against the guild: u2 gets the guild's third slot.
  assert.deepEqual(limiter.take('u2', 'g'), { ok: true });
  const guildFull = limiter.take('u3', 'g');
  assert.equal(guildFull.ok ? 'ok' : guildFull.scope, 'guild');
  assert.deepEqual(limiter.take('u3', 'other-guild'), { ok: true });
  now += 50_000; // the first question leaves u1's window
  assert.deepEqual(limiter.take('u1', 'other-guild'), { ok: true });
});

test('address policy: loopback, private, link-local and other non-public addresses are refused', () => {
  for (const ip of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:7f00:1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    'not-an-ip',
  ]) {
    assert.equal(isPrivateAddress(ip), true, ip);
  }
  // 6to4 (2002::/16) is refused even around a public address: every IANA special-purpose range is.
  for (const ip of ['93.184.216.34', '1.1.1.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
    assert.equal(isPrivateAddress(ip), false, ip);
});

test('article files: extensions from the name or the content type, unreadable types refused, safe names', () => {
  assert.equal(chooseExtension('report.md', 'text/markdown'), 'md');
  assert.equal(chooseExtension('feed.jsonl', 'application/octet-stream'), 'jsonl');
  assert.equal(chooseExtension('page.htm', null), 'html');
  assert.equal(chooseExtension('article', 'text/html; charset=utf-8'), 'html');
  assert.throws(() => chooseExtension('photo.png', 'image/png'), InputError);
  assert.throws(() => chooseExtension('report.md', 'application/pdf'), InputError);
  assert.throws(() => chooseExtension('archive.zip', null), InputError);
  assert.equal(attachmentFileName('../../etc/Kestrel Bridge!.md', 'text/markdown'), 'Kestrel-Bridge.md');
  const a = urlFileName(new URL('https://news.example.com/2024/turkey-sanctions'), 'text/html');
  const b = urlFileName(new URL('https://other.example.org/2024/turkey-sanctions'), 'text/html');
  assert.match(a, /^news.example.com-turkey-sanctions-[0-9a-f]{8}\.html$/);
  assert.notEqual(a, b);
  assert.equal(
    urlFileName(new URL('https://news.example.com/2024/turkey-sanctions'), 'text/html'),
    a,
    'the same url maps to the same file',
  );
  assert.match(urlFileName(new URL('https://example.com/'), 'application/json'), /^example.com-[0-9a-f]{8}\.json$/);
});

test('/summary options: exactly one of article or topic, valid dates, dates only for topics', () => {
  const none = { article: null, topic: null, from: null, to: null };
  assert.match(String(parseTarget(none)), /either/);
  assert.match(String(parseTarget({ ...none, article: 'a', topic: 't' })), /either/);
  assert.deepEqual(parseTarget({ ...none, article: ' 001_x ' }), { kind: 'article', article: '001_x' });
  assert.match(String(parseTarget({ ...none, article: 'a', from: '2020-01-01' })), /only apply to a topic/);
  assert.deepEqual(parseTarget({ ...none, topic: 'sanctions', from: '2020-01-01', to: '2020-12-31' }), {
    kind: 'topic',
    topic: 'sanctions',
    from: '2020-01-01',
    to: '2020-12-31',
  });
  assert.match(String(parseTarget({ ...none, topic: 't', from: '2020-02-30' })), /YYYY-MM-DD/);
  assert.match(String(parseTarget({ ...none, topic: 't', from: '2021-01-01', to: '2020-01-01' })), /not be later/);
});

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  articleId: `a${n}`,
  title: `Title ${n}`,
  outlet: 'Outlet',
  date: '2020-12-29',
  url: null,
  chunkId: n,
  quote: `Quote ${n}.`,
  score: 1,
  ...extra,
});

test('answers: text with markers, then the numbered sources, linked without preview and escaped', () => {
  const result: AskResult = {
    question: 'q',
    answer: 'Turkey bought the S-400 [1]. The US imposed sanctions [2].',
    refused: false,
    citations: [citation(2, { title: null, outlet: null }), citation(1, { title: 'A *bold* [claim]', url: 'https://example.com/a b' })],
    related: [],
    answerer: 'extractive',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
  };
  assert.equal(
    formatAnswer(result),
    'Turkey bought the S-400 [1]. The US imposed sanctions [2].\n\n**Sources**\n[1] [A \\*bold\\* \\[claim\\]](<https://example.com/a%20b>) — Outlet, 2020-12-29\n[2] `a2` — 2020-12-29',
  );
  const refused: AskResult = {
    ...result,
    refused: true,
    answer: 'The articles don’t cover this.',
    citations: [],
    related: [{ articleId: 'x', title: 'Close one', score: 0.3 }],
  };
  assert.equal(
    formatAnswer(refused),
    'The articles don’t cover this.\n\nClosest articles in the archive (they do not answer the question):\n• Close one',
  );
  assert.equal(formatQuotes([citation(1, { quote: 'Line one\nline two' })]), '[1] Title 1 — Outlet, 2020-12-29\n> Line one\n> line two');
  assert.equal(
    articleLabel({ title: 'T', url: 'javascript:alert(1)', outlet: null, date: null }, 'id'),
    'T',
    'only http(s) urls are linked',
  );
});

test('reindex report, busy message and durations', () => {
  const report: ReindexReport = {
    added: ['new'],
    updated: [],
    unchanged: 4,
    removed: [],
    failed: [{ path: 'bad.json', reason: 'invalid JSON' }],
    warnings: [],
    chunksEmbedded: 3,
    durationMs: 1500,
    embedMs: 900,
    swapped: true,
    articles: 5,
    chunks: 25,
  };
  assert.equal(
    formatReport('Reindex', report),
    '✅ Reindex finished in 1.5 s: 5 articles, 25 passages indexed.\nAdded: 1 (`new`)\nUpdated: 0\nUnchanged: 4\nRemoved: 0\nFailed: 1\n• `bad.json`: invalid JSON',
  );
  assert.equal(
    formatBusy('Reindex', 0, { phase: 'embed', done: 30, total: 120 }, 12_000),
    'Reindex is already running (started 12 s ago): embedding passages 30/120 (25%). Try again when it has finished; questions are answered from the current index meanwhile.',
  );
  assert.deepEqual([40, 4200, 65_000, 7_380_000, 90_000_000].map(formatDuration), ['40 ms', '4.2 s', '1 min 5 s', '2 h 3 min', '1 d 1 h']);
});

test('index jobs: one at a time, the slot taken before the first await and freed after failure', async () => {
  const jobs = new IndexJobs();
  let release!: () => void;
  const first = jobs.run('Reindex', () => new Promise<void>((resolve) => (release = resolve)));
  await assert.rejects(
    jobs.run('Adding an article', async () => undefined),
    (err: unknown) => err instanceof JobBusyError && err.running.label === 'Reindex',
  );
  release();
  await first;
  await assert.rejects(
    jobs.run('Failing', async () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(jobs.running(), null);
  let aborted = false;
  const long = jobs.run(
    'Long',
    (signal) =>
      new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        }),
      ),
  );
  jobs.abort();
  await long;
  assert.equal(aborted, true);
});

test('answer memory: bounded, expiring', () => {
  let now = 0;
  const store = new AnswerStore(2, 1000, () => now);
  const a = store.put({ question: 'a', answer: 'A', citations: [] });
  const b = store.put({ question: 'b', answer: 'B', citations: [] });
  assert.equal(store.get(a)?.question, 'a');
  const c = store.put({ question: 'c', answer: 'C', citations: [] });
  assert.equal(store.get(a), undefined, 'the oldest is dropped');
  assert.ok(store.get(b) && store.get(c));
  assert.ok(c.length <= 20, 'short enough for a custom id');
  now = 1001;
  assert.equal(store.get(c), undefined, 'expired');
});

test('mentions are stripped from a question; the token never appears in logged errors', () => {
  assert.equal(questionText('<@123> why did the US <@!123> sanction Turkey?', '123'), 'why did the US sanction Turkey?');
  assert.equal(questionText('<@456> hi', '123'), '<@456> hi');
  const token = 'abc.def.ghi.jkl';
  registerSecrets([token]); // as loadConfig does for DISCORD_TOKEN
  const err = new Error(`request with Bot ${token} failed`, { cause: new Error(`again ${token}`) });
  assert.ok(!JSON.stringify(errorForLog(err)).includes(token));
});

test('moderators: Manage Server by default; with MODERATOR_ROLE_IDS, those roles (administrators always)', () => {
  // Only the fields isModerator reads; a real interaction carries them the same way.
  const interaction = (perms: bigint, roles: string[]) =>
    ({
      inGuild: () => true,
      memberPermissions: new PermissionsBitField(perms),
      member: { roles },
    }) as unknown as ChatInputCommandInteraction;
  const plain = loadConfig({}, { dotenvPath: false });
  const listed = loadConfig({ MODERATOR_ROLE_IDS: '111111, 222222' }, { dotenvPath: false });
  const { ManageGuild, Administrator, SendMessages } = PermissionFlagsBits;
  assert.equal(isModerator(interaction(SendMessages, []), plain), false);
  assert.equal(isModerator(interaction(ManageGuild, []), plain), true);
  assert.equal(isModerator(interaction(ManageGuild, []), listed), false, 'the list narrows who may');
  assert.equal(isModerator(interaction(SendMessages, ['222222']), listed), true);
  assert.equal(isModerator(interaction(Administrator, []), listed), true);
  const dm = { inGuild: () => false, memberPermissions: null, member: null } as unknown as ChatInputCommandInteraction;
  assert.equal(isModerator(dm, plain), false);
});
