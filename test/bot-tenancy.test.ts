// Every server's sources are its own: two servers in the fake Discord. An article added in server A
// answers only there: server B never sees it listed or offered, never gets it retrieved or cited (nor a refusal
// that gives its words away), cannot summarise or remove it; the shared corpus answers in both and neither
// server can remove it. The operator's CLI keeps the shared corpus only. ALLOWED_GUILD_IDS: any other server
// is told once and left.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { NOT_SERVED } from '../src/bot/guild-policy.ts';
import type { FakeGuild } from './fake-discord/state.ts';
import { type Harness, startHarness } from './fake-discord/harness.ts';
import { answerOf, privateNoteOf, textOf } from './fake-discord/inspect.ts';
import type { Json } from './fake-discord/model.ts';
import type { InteractionRecord } from './fake-discord/state.ts';

const KESTREL = [
  '# Kestrel Bridge opens over the Avonmere',
  '',
  'The Kestrel Bridge over the river Avonmere was opened on 3 March 2023 by the engineer Mariam Okafor.',
  'The bridge is 412 metres long and carries two tram lines.',
].join('\n');

const KESTREL_B = [
  '# Kestrel Bridge closed for repairs',
  '',
  'The Kestrel Bridge in Lowmoor was closed on 14 May 2024 after inspectors led by Tomas Varga found cracks in two piers.',
].join('\n');

async function finalEdit(h: Harness, ix: InteractionRecord, pattern: RegExp): Promise<string> {
  return h.fake.until(
    () => {
      const last = String(ix.edits.at(-1)?.body.content ?? '');
      return pattern.test(last) ? last : null;
    },
    `an edit matching ${pattern}`,
    60_000,
  );
}

function choicesOf(ix: InteractionRecord): Array<{ name: string; value: string }> {
  return (ix.callbacks[0]!.data as { choices: Array<{ name: string; value: string }> }).choices;
}

describe('two servers, each with its own articles', () => {
  let h: Harness;
  let b: FakeGuild;
  let kestrelId: string;

  beforeAll(async () => {
    h = await startHarness();
    b = h.fake.addGuild('Server B');
    const modA = h.fake.addUser('mod-a', 'moderator');
    const attachment = h.fake.addAttachment('kestrel bridge.md', KESTREL, 'text/markdown');
    const ix = h.fake.command(modA, 'sources', { subcommand: 'add', attachments: { file: attachment } });
    await finalEdit(h, ix, /^Added/);
    kestrelId = `${h.fake.state.guildId}/kestrel-bridge`;
  });

  afterAll(async () => {
    await h?.stop();
  });

  test('in server A the added article answers, cited, and is listed as its own', async () => {
    const asker = h.fake.addUser('a-reader');
    const text = textOf(await answerOf(h.fake, h.fake.command(asker, 'ask', { options: { question: 'Who opened the Kestrel Bridge?' } })));
    assert.match(text, /Mariam Okafor.*\[1\]/s);
    const list = h.fake.command(asker, 'sources', { subcommand: 'list' });
    const content = String((await h.fake.until(() => list.original, 'the list')).content);
    assert.match(content, /\(6: 5 🌐 shared with every server, 1 🏠 added in this server\)/);
    assert.match(content, /🏠 Kestrel Bridge opens over the Avonmere/);
  });

  test('in server B it is never retrieved or cited, and the refusal does not give its words away', async () => {
    const asker = h.fake.addUser('b-reader');
    const ix = h.fake.command(asker, 'ask', { guildId: b.id, options: { question: 'Who opened the Kestrel Bridge?' } });
    const text = textOf(await answerOf(h.fake, ix));
    assert.doesNotMatch(text, /Okafor|Avonmere|kestrel-bridge/);
    // Exactly what a server gets for a name no article mentions at all.
    assert.match(text, /The articles don't cover this: nothing in them mentions Kestrel Bridge\./);
    // A mention in B's channel, answered in a thread: the same.
    h.fake.say(asker, 'When did the Kestrel Bridge open, and who opened it?', { guildId: b.id, mentionBot: true });
    const thread = await h.fake.until(
      () => [...h.fake.state.channels.values()].find((c) => c.type === 11 && c.guild_id === b.id),
      'a thread in server B',
    );
    const reply = await h.fake.until(
      () => h.fake.messagesIn(String(thread.id)).find((m) => (m.author as Json).id === h.fake.state.bot.id),
      'the answer in the thread',
    );
    assert.doesNotMatch(String(reply.content), /Okafor|Avonmere/);
  });

  test('the shared corpus answers in both servers', async () => {
    const asker = h.fake.addUser('both');
    for (const guildId of [h.fake.state.guildId, b.id]) {
      const ix = h.fake.command(asker, 'ask', { guildId, options: { question: 'Why did the US sanction Turkey?' } });
      assert.match(textOf(await answerOf(h.fake, ix)), /S-400.*\[1\]/s);
    }
  });

  test('server B does not see it in /sources list or in autocomplete, and cannot summarise it', async () => {
    const user = h.fake.addUser('b-browser');
    const list = h.fake.command(user, 'sources', { subcommand: 'list', guildId: b.id });
    const content = String((await h.fake.until(() => list.original, 'the list')).content);
    assert.match(content, /\(5: 5 🌐 shared with every server, 0 🏠 added in this server\)/);
    assert.doesNotMatch(content, /Kestrel/);
    const typed = h.fake.autocomplete(user, 'summary', 'article', 'Kestrel', undefined, b.id);
    await h.fake.until(() => typed.callbacks[0], 'autocomplete');
    assert.deepEqual(choicesOf(typed), []);
    const summary = h.fake.command(user, 'summary', { guildId: b.id, options: { article: kestrelId } });
    assert.match(await privateNoteOf(h.fake, summary), /No indexed article matches that/);
    const topic = h.fake.command(user, 'summary', { guildId: b.id, options: { topic: 'Kestrel Bridge opening' } });
    assert.doesNotMatch(textOf(await answerOf(h.fake, topic)), /Okafor/);
  });

  test('server B cannot remove it: it is not offered, and its id is unknown there', async () => {
    const modB = h.fake.addUser('mod-b', 'moderator');
    const typed = h.fake.autocomplete(modB, 'sources', 'article', '', 'remove', b.id);
    await h.fake.until(() => typed.callbacks[0], 'autocomplete');
    assert.deepEqual(choicesOf(typed), [], 'B added nothing, so nothing is offered for removal');
    const ix = h.fake.command(modB, 'sources', { subcommand: 'remove', guildId: b.id, options: { article: kestrelId } });
    assert.ok((await privateNoteOf(h.fake, ix)).startsWith(`No indexed article has the id \`${kestrelId}\`.`));
    assert.ok(existsSync(path.join(h.config.serverArticlesDir, h.fake.state.guildId, 'kestrel-bridge.md')));
  });

  test('neither server can remove a shared article', async () => {
    const modA = h.fake.addUser('mod-a2', 'moderator');
    const ix = h.fake.command(modA, 'sources', { subcommand: 'remove', options: { article: '004_f2977d4efe649134' } });
    assert.match(await privateNoteOf(h.fake, ix), /is shared with every server: only the bot’s operator can remove it/);
    assert.ok(existsSync(path.join(h.config.articlesDir, '004_f2977d4efe649134.txt')));
  });

  test('server B adds a file of the same name: both articles live side by side, each answering at home', async () => {
    const modB = h.fake.addUser('mod-b2', 'moderator');
    const attachment = h.fake.addAttachment('kestrel bridge.md', KESTREL_B, 'text/markdown');
    await finalEdit(h, h.fake.command(modB, 'sources', { subcommand: 'add', guildId: b.id, attachments: { file: attachment } }), /^Added/);
    const asker = h.fake.addUser('both-again');
    const inB = textOf(
      await answerOf(
        h.fake,
        h.fake.command(asker, 'ask', { guildId: b.id, options: { question: 'Who found cracks in the Kestrel Bridge?' } }),
      ),
    );
    assert.match(inB, /Tomas Varga/);
    assert.doesNotMatch(inB, /Okafor/);
    const inA = textOf(await answerOf(h.fake, h.fake.command(asker, 'ask', { options: { question: 'Who opened the Kestrel Bridge?' } })));
    assert.match(inA, /Okafor/);
    assert.doesNotMatch(inA, /Varga/);
  });

  test('the operator’s CLI view is the shared corpus; --all lists every server’s articles, marked', async () => {
    assert.ok(!h.archive.listSources().some((s) => s.id.includes('kestrel')));
    const all = h.archive.listSources({ all: true }).filter((s) => s.collection);
    assert.deepEqual(all.map((s) => s.collection).sort(), [h.fake.state.guildId, b.id].sort());
    const r = await h.archive.ask('Who opened the Kestrel Bridge?');
    assert.doesNotMatch(r.answer, /Okafor/);
    assert.equal(r.citations.length, 0);
  });

  test('the core refuses the same: a server removing another’s article or a shared one, a bad server id', async () => {
    const { NotFoundError, InputError } = await import('../src/errors.ts');
    await assert.rejects(h.archive.removeArticle(kestrelId, undefined, { server: b.id }), NotFoundError);
    await assert.rejects(h.archive.removeArticle('004_f2977d4efe649134', undefined, { server: b.id }), /shared collection/);
    await assert.rejects(h.archive.removeArticle(kestrelId), NotFoundError, 'without a server, only the shared corpus');
    await assert.rejects(
      h.archive.addArticle('x.txt', 'Some text that is long enough to be an article.', undefined, { server: '../x' }),
      InputError,
    );
  });

  test('server A removes its own article: gone from A, B’s namesake stays', async () => {
    const modA = h.fake.addUser('mod-a3', 'moderator');
    const ix = h.fake.command(modA, 'sources', { subcommand: 'remove', options: { article: kestrelId } });
    await finalEdit(h, ix, /^Removed/);
    assert.ok(!existsSync(path.join(h.config.serverArticlesDir, h.fake.state.guildId, 'kestrel-bridge.md')));
    assert.ok(existsSync(path.join(h.config.serverArticlesDir, b.id, 'kestrel-bridge.md')));
  });
});

describe('ALLOWED_GUILD_IDS', () => {
  let h: Harness;
  let early: FakeGuild;

  beforeAll(async () => {
    h = await startHarness({
      // A server the bot was already in before ALLOWED_GUILD_IDS was set: seen at start-up.
      prepareFake: (fake) => {
        early = fake.addGuild('Joined before the list was set');
      },
      env: (fake) => ({ ALLOWED_GUILD_IDS: fake.state.guildId }),
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const notices = (guild: FakeGuild) => h.fake.messagesIn(guild.channelId).filter((m) => m.content === NOT_SERVED);

  test('a server the bot was already in is told once, in its channel, and left', async () => {
    await h.fake.until(() => h.fake.state.left.includes(early.id), 'the bot to leave the early server');
    assert.equal(notices(early).length, 1);
  });

  test('a server that invites it later is told once and left; the allowed one is still served', async () => {
    const late = h.fake.addGuild('Invited later');
    await h.fake.until(() => h.fake.state.left.includes(late.id), 'the bot to leave the new server');
    assert.equal(notices(late).length, 1);
    const user = h.fake.addUser('allowed-user');
    const answer = textOf(
      await answerOf(h.fake, h.fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } })),
    );
    assert.match(answer, /S-400/);
  });

  test('a command from a server not on the list is refused privately, without an answer', async () => {
    const user = h.fake.addUser('outsider');
    const ix = h.fake.command(user, 'ask', {
      guildId: early.id,
      channelId: early.channelId,
      options: { question: 'Why did the US sanction Turkey?' },
    });
    assert.equal(await privateNoteOf(h.fake, ix), NOT_SERVED);
    assert.equal(ix.callbacks[0]?.type, 4, 'answered at once, not deferred');
  });
});
