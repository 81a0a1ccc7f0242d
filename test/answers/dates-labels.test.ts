// Dates, follow-ups and labels as a user meets them with the real model over the bundled articles: questions
// that name a year or ask for the current state, follow-ups in a conversation, and articles named by
// readable labels in sources, summaries and autocomplete.
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { formatQuotes, formatAnswer as formatForDiscord } from '../../src/bot/format/answer.ts';
import { formatAnswer, formatSourceList, formatSummary } from '../../src/cli/format.ts';
import type { AskResult } from '../../src/types.ts';
import { BUNDLED_IDS } from '../helpers/env.ts';
import { assertCitationsReal } from './integrity.ts';
import { useBundledIndex } from './setup.ts';

const [A000, , , , A004] = BUNDLED_IDS;
/** Sentences of an answer with the [n] markers that follow each. */
const sentences = (r: AskResult) => r.answer.split(/(?<=\])\s+/);
const citedTo = (r: AskResult, sentence: string) =>
  [...sentence.matchAll(/\[(\d+)\]/g)].map((m) => r.citations.find((c) => c.n === Number(m[1]))?.articleId);

const bundled = useBundledIndex();

describe('dates', () => {
  test('"What was discussed at the 2024 meeting?" is answered from the 2024 article, with the topics it lists', async () => {
    const r = await bundled.built.archive.ask('What was discussed at the 2024 meeting?');
    assert.equal(r.refused, false, r.answer);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, '2024 meeting');
    assert.ok(r.citations.some((c) => c.articleId === A000 && c.date === '2024-02-29'));
    // Informative: a sentence from the 2024 article that names what is on the agenda.
    const informative = sentences(r).filter(
      (s) => /Ukrain|Transcaucasia|Middle East|Balkans|Syria|South Caucasus|trade|energy/.test(s) && citedTo(r, s).includes(A000),
    );
    assert.ok(informative.length > 0, `no sentence of the 2024 article names a topic: ${r.answer}`);
  });

  test('"Who is Turkey\'s foreign minister in 2024?" names Hakan Fidan, from the 2024 article', async () => {
    const r = await bundled.built.archive.ask("Who is Turkey's foreign minister in 2024?");
    assert.equal(r.refused, false, r.answer);
    const withName = sentences(r).find((s) => s.includes('Hakan Fidan'));
    assert.ok(withName, r.answer);
    assert.ok(citedTo(r, withName).includes(A000));
  });

  test('a question about the current state says how new its evidence is', async () => {
    const r = await bundled.built.archive.ask('Who is the current president of Russia?');
    assert.equal(r.refused, false, r.answer);
    assert.match(r.answer, /^As of 2024-02-29: /);
    assert.match(r.answer, /Vladimir Putin/);
    assert.ok(r.citations.some((c) => c.date === '2024-02-29'));
    const plain = await bundled.built.archive.ask('Why did the US sanction Turkey?');
    assert.doesNotMatch(plain.answer, /^As of/);
  });

  test('"the latest" is told from the newest article, not from older ones that match the words better', async () => {
    // Four of the five articles are from 2020 and match "Turkey", "Russia" and "relations" at least as well as
    // the 2024 one: the answer quotes the 2024 article alone, under the date it says it is as of.
    for (const q of ['What is the latest on Turkey and Russia?', 'What is the current state of relations between Russia and Turkey?']) {
      const r = await bundled.built.archive.ask(q);
      assert.equal(r.refused, false, r.answer);
      assert.match(r.answer, /^As of 2024-02-29: /, q);
      assertCitationsReal(r.answer, r.citations, bundled.lookup, q);
      assert.deepEqual([...new Set(r.citations.map((c) => c.date))], ['2024-02-29'], `${q} → ${r.answer}`);
    }
  });

  test('"last year" is the year before the newest article: one figure, not the other years\' as a disagreement', async () => {
    // The 2024 article's "last year … 13 phone conversations" is 2023's; the 2020 articles' "nearly two dozen"
    // and "more than 10" are 2020's, and do not differ from it.
    const r = await bundled.built.archive.ask('How many phone conversations did Putin and Erdogan have last year?');
    assert.equal(r.refused, false, r.answer);
    assert.match(r.answer, /^\*\*13\*\* \[\d+\]\. /, r.answer);
    assert.doesNotMatch(r.answer, /Sources differ|two dozen/, r.answer);
    assert.ok(
      r.citations.every((c) => c.date === '2024-02-29'),
      r.answer,
    );
    // Asked about 2024, the same sentence tells of 2023: offered, not stated as the answer.
    const asked2024 = await bundled.built.archive.ask('How many phone conversations did Putin and Erdogan have in 2024?');
    assert.match(asked2024.answer, /^Possibly \*\*13\*\* \[\d+\]\. .*last year/, asked2024.answer);
  });

  test('a year no article is from or mentions is still not covered', async () => {
    const r = await bundled.built.archive.ask('How many phone calls did Putin and Erdogan have in 2019?');
    assert.equal(r.refused, true);
  });
});

describe('follow-ups', () => {
  test('"and what did Cavusoglu say about Libya?" after a sanctions question is about Libya, as if asked alone', async () => {
    const alone = await bundled.built.archive.ask('and what did Cavusoglu say about Libya?');
    const inConversation = await bundled.built.archive.ask('and what did Cavusoglu say about Libya?', {
      history: ['Why did the US sanction Turkey?'],
    });
    assert.equal(inConversation.refused, false);
    assert.equal(inConversation.answer, alone.answer);
    assert.match(inConversation.answer, /Libya/);
    assert.doesNotMatch(inConversation.answer, /S-400|sanction/i);
  });

  test('"and what did he say about it?" borrows both the speaker and the topic', async () => {
    const r = await bundled.built.archive.ask('and what did he say about it?', {
      history: ['What did Cavusoglu say about the sanctions?'],
    });
    assert.equal(r.refused, false, r.answer);
    const about = sentences(r).filter((s) => /Cavusoglu/.test(s) && /sanction/i.test(s));
    assert.ok(about.length > 0, r.answer);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'he said it');
  });
});

describe('labels', () => {
  test('sources name an untitled article by its lead, each article once with all its numbers', async () => {
    const r = await bundled.built.archive.ask('Why did the US sanction Turkey?');
    const cli = formatAnswer(r);
    const discord = formatForDiscord(r);
    const label004 = 'Foreign Minister Mevlut Cavusoglu visits Russian Federation on 29 December 2020';
    assert.ok(r.citations.some((c) => c.articleId === A004 && c.label === label004));
    for (const text of [cli, discord]) {
      const sources = text.split(/Sources\**\n/)[1]!;
      const heads = sources.split('\n').filter((l) => /^(\[\d+\])+ /.test(l));
      const articles = heads.map((l) => l.replace(/^(\[\d+\])+ /, ''));
      assert.equal(new Set(articles).size, articles.length, `an article listed twice:\n${sources}`);
      assert.ok(
        heads.some((h) => h.includes(label004)),
        `no label in:\n${sources}`,
      );
      assert.equal(heads.flatMap((h) => h.match(/\[\d+\]/g) ?? []).length, r.citations.length, 'every number listed');
    }
    assert.match(formatQuotes(r.citations), new RegExp(label004));
  });

  test('the source list and summaries show labels, not ids alone', async () => {
    const list = formatSourceList(bundled.built.archive.listSources());
    assert.match(list, /Russia has expressed its anticipation that an upcoming meeting between Foreign Minister Sergey Lavrov and…/);
    assert.doesNotMatch(list, /no title/);
    const summary = formatSummary(await bundled.built.archive.summarize({ kind: 'article', article: A004 }));
    assert.match(summary, /^Summary of Foreign Minister Mevlut Cavusoglu visits Russian Federation on 29 December 2020 \(004_/);
  });

  test('autocomplete offers every article about Lavrov, those naming him first, and finds words anywhere in a label', () => {
    const lavrov = bundled.built.archive.findArticles('Lavrov');
    assert.deepEqual([...lavrov.map((s) => s.id)].sort(), [...BUNDLED_IDS]);
    assert.match(lavrov[0]!.title ?? lavrov[0]!.label ?? '', /Lavrov/);
    assert.equal(bundled.built.archive.findArticles('Fidan')[0]?.id, A000);
    assert.equal(bundled.built.archive.findArticles('visits Russian Federation')[0]?.id, A004);
    assert.deepEqual(bundled.built.archive.findArticles('zzzz qqqq'), []);
  });
});
