// What a user reads first, with the real model over the bundled articles: the direct answer of a factoid
// question in bold with its citation, sources that disagree shown side by side, names written another way
// (adjectives, hyphenated compounds, abbreviations) understood, quotations that can be read alone, and every
// cited passage stating the names and numbers of the sentence that cites it.
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { missingFacts } from '../../src/answer/support.ts';
import type { AskResult } from '../../src/types.ts';
import { BUNDLED_IDS } from '../helpers/env.ts';
import { assertCitationsReal } from './integrity.ts';
import { useBundledIndex } from './setup.ts';

const [A000, , , , A004] = BUNDLED_IDS;

const bundled = useBundledIndex();

/** The bold lead and the article its citation points to, or null without one. */
function lead(r: AskResult): { text: string; articleId: string | undefined } | null {
  const m = /^(?:As of \S+: )?\*\*(.+?)\*\*(?: \([^)]+\))? \[(\d+)\]\. /.exec(r.answer);
  if (!m) return null;
  return { text: m[1]!, articleId: r.citations.find((c) => c.n === Number(m[2]))?.articleId };
}

/** Each sentence of an answer (with what it leans on) and the numbers of the citations after it. */
function citedSentences(r: AskResult): Array<{ text: string; cites: number[] }> {
  const body = r.answer.replace(
    /^(?:As of \S+: )?(?:(?:Possibly )?\*\*.+?\*\*(?: \([^)]+\))? \[\d+\]\. |Sources differ: .+?\. (?=\S))?/,
    '',
  );
  return [...body.matchAll(/(.+?)\s((?:\[\d+\])+)(?:\s|$)/g)].map((m) => ({
    text: m[1]!.trim(),
    cites: [...m[2]!.matchAll(/\d+/g)].map((n) => Number(n[0])),
  }));
}

describe('the direct answer first', () => {
  test('"Who is Turkey\'s foreign minister in 2024?" opens with Hakan Fidan, cited to the 2024 article', async () => {
    const r = await bundled.built.archive.ask("Who is Turkey's foreign minister in 2024?");
    assert.deepEqual(lead(r), { text: 'Hakan Fidan', articleId: A000 }, r.answer);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'Fidan');
  });

  test('"Who is the current president of Russia?" opens with Vladimir Putin, as of the newest article', async () => {
    const r = await bundled.built.archive.ask('Who is the current president of Russia?');
    assert.match(r.answer, /^As of 2024-02-29: \*\*Vladimir Putin\*\* \[\d+\]\. /);
    assert.equal(lead(r)?.articleId, A000);
  });

  test('"Who was Turkey\'s foreign minister?" names the Turkish minister, not the US one in the same sentence', async () => {
    // "US Secretary of State Mike Pompeo at the time assured Turkish Foreign Minister Mevlut Cavusoglu …":
    // the title says whose each is, and a name right after a title is a whole name.
    const r = await bundled.built.archive.ask("Who was Turkey's foreign minister?");
    assert.equal(lead(r)?.text, 'Mevlut Cavusoglu', r.answer);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'Cavusoglu');
    const in2020 = await bundled.built.archive.ask("Who was Turkey's foreign minister in 2020?");
    assert.equal(lead(in2020)?.text, 'Mevlut Cavusoglu', in2020.answer);
  });

  test('"Who is Russia\'s president?" names the president, not the Russian minister of a better-matching sentence', async () => {
    const r = await bundled.built.archive.ask("Who is Russia's president?");
    assert.equal(lead(r)?.text, 'Vladimir Putin', r.answer);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'Putin');
    const minister = await bundled.built.archive.ask("Who is Russia's foreign minister?");
    assert.equal(lead(minister)?.text, 'Sergey Lavrov', minister.answer);
  });

  test('"Who is Turkey\'s president?" names the one the articles call Turkish President, not a president of a better-matching sentence', async () => {
    // "He added that President Vladimir Putin appreciated Turkey's determination …" matches the question's
    // words best; "Turkish President Recep Tayyip Erdogan and his Russian counterpart …" says whose he is.
    // Typed in lower case too: before, "who is the president of turkey?" read no place and answered Putin.
    for (const q of ["Who is Turkey's president?", 'Who is the president of Turkey?', 'who is the president of turkey?']) {
      const r = await bundled.built.archive.ask(q);
      assert.equal(lead(r)?.text, 'Recep Tayyip Erdogan', `${q} → ${r.answer}`);
      assertCitationsReal(r.answer, r.citations, bundled.lookup, 'Erdogan');
    }
  });

  test('"Who is Erdogan?" is answered by what he is, not by another name', async () => {
    // Typed in lower case too: before, "who is erdogan?" was answered "**Vladimir Putin**".
    for (const q of ['Who is Erdogan?', 'who is erdogan?']) {
      const r = await bundled.built.archive.ask(q);
      assert.equal(r.refused, false, r.answer);
      assert.doesNotMatch(r.answer, /^(Possibly )?\*\*/, `${q} → ${r.answer}`);
      assert.match(r.answer, /^[^[]*Turkish President Recep Tayyip Erdogan[^[]*\[1\]/, `${q} → ${r.answer}`);
    }
  });

  test('a question about what will happen is not answered by when or where it happened before', async () => {
    // "The top Turkish and Russian diplomats met Tuesday to … help prepare for a meeting of the two countries'
    // presidents": Tuesday is when the ministers met, not when the council will.
    const council = await bundled.built.archive.ask('When will the High-Level Cooperation Council meet?');
    assert.equal(council.refused, false, council.answer);
    assert.doesNotMatch(council.answer, /^(Possibly )?\*\*/, council.answer);
    // "Foreign Minister Mevlut Cavusoglu visited Russian Federation on 29 December 2020", the article's own day.
    const planned = await bundled.built.archive.ask('When will the council meet?');
    assert.doesNotMatch(planned.answer, /^(Possibly )?\*\*[^*]*2020/, planned.answer);
    // What is still to come is answered: "invited by Fidan to meet on … the Antalya Diplomacy Forum on March 1-2".
    const ahead = await bundled.built.archive.ask('When will Lavrov and Fidan meet?');
    assert.equal(lead(ahead)?.text, 'March 1-2', ahead.answer);
    // "… the agreement signed by the presidents of Russia, Azerbaijan, and the prime minister of Armenia on
    // Nov. 9 …" (an undated article) points nowhere ahead: it led "When will Lavrov visit Turkey?" in bold.
    const visit = await bundled.built.archive.ask('When will Lavrov visit Turkey?');
    assert.doesNotMatch(visit.answer, /^(Possibly )?\*\*Nov\. 9/, visit.answer);
  });

  test('"Which …" and "what …" of a kind are answered by a thing of that kind; a plural asks for a list', async () => {
    const vaccine = await bundled.built.archive.ask('Which vaccine did Turkey and Russia agree to produce jointly?');
    // Offered as "Possibly" since the role and kind features (2026-12-04): the ranking is right, its confidence lower.
    assert.match(vaccine.answer, /^(Possibly )?\*\*Sputnik V\*\* \[\d+\]\. /, vaccine.answer);
    assertCitationsReal(vaccine.answer, vaccine.citations, bundled.lookup, 'Sputnik');
    const plan = await bundled.built.archive.ask('What plan did the two foreign ministries sign after the meeting?');
    assert.equal(lead(plan)?.text, 'Consultation Plan', plan.answer);
    // "… met with his Russia's counterparty Sergey Lavrov in the Russian resort city of Sochi": the city, not a
    // minister (the span's embedding tells a city from a person).
    const city = await bundled.built.archive.ask('What resort city did the ministers meet in?');
    assert.match(city.answer, /^(Possibly )?\*\*Sochi\*\* \[\d+\]\. /, city.answer);
    // "What topics will be discussed?" wants the list the sentences give, not one of them in bold.
    const topics = await bundled.built.archive.ask('What topics will be discussed at the 2024 meeting?');
    assert.equal(topics.lead, undefined, topics.answer);
    assert.match(topics.answer, /Ukraine/, topics.answer);
  });

  test('"Who sanctioned Turkey?" is not answered by who spoke of the sanctions', async () => {
    // "Cavusoglu said the US sanctions against Turkey were …": Cavusoglu said it; he sanctioned nobody.
    const r = await bundled.built.archive.ask('Who sanctioned Turkey?');
    assert.equal(r.refused, false, r.answer);
    assert.doesNotMatch(r.answer, /^(Possibly )?\*\*(Mevlut )?Cavusoglu\*\*/, r.answer);
    assert.match(r.answer, /US sanctions|sanctions against Turkey/, r.answer);
    // A question about saying is answered by the speaker.
    const said = await bundled.built.archive.ask('Who stressed that foreign actors must comply with UN resolutions?');
    assert.equal(lead(said)?.text, 'Lavrov', said.answer);
  });

  test('figures keep their scale and count the asked thing', async () => {
    const cost = await bundled.built.archive.ask('How much did the S-400 system cost?');
    assert.equal(lead(cost)?.text, '$2.5bn', cost.answer);
    const meetings = await bundled.built.archive.ask('How many ministerial meetings were held last year?');
    assert.equal(lead(meetings)?.text, 'seven', meetings.answer);
    const tourists = await bundled.built.archive.ask('How many Russians visited Turkey in 2023?');
    assert.equal(lead(tourists)?.text, '5.6 million', tourists.answer);
  });

  test('"Who mediated the truce?" over "a Russian-mediated truce" opens with Russia', async () => {
    const r = await bundled.built.archive.ask('Who mediated the truce over Nagorno-Karabakh?');
    assert.equal(lead(r)?.text, 'Russia', r.answer);
    assert.match(r.answer, /a Russian-mediated truce/);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'truce');
  });

  test('"In which month …" is answered with a month, and the sentence brings the one it leans on', async () => {
    const r = await bundled.built.archive.ask(
      'In which month did Putin and Erdogan hold talks in Sochi, according to the Russian Foreign Ministry?',
    );
    assert.equal(lead(r)?.text, 'September', r.answer);
    // "Additionally, they engaged in … discussions in … Sochi in September." says who "they" are only with
    // the sentence before it, which comes along under the same citation.
    const sentence = citedSentences(r).find((s) => s.text.includes('in September'))!;
    assert.ok(sentence.text.indexOf('Additionally, they') > 0, r.answer);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'September');
  });

  test('the figure of the thing counted, not of its neighbour; a follow-up keeps its own question word', async () => {
    // "with seven ministerial meetings and 10 phone talks last year"
    const talks = await bundled.built.archive.ask('How many phone talks did the foreign ministers have last year?');
    assert.equal(lead(talks)?.text, '10', talks.answer);
    // "When?" after a "where" question asks for a date, though it is searched with the question before it.
    const when = await bundled.built.archive.ask('When?', { history: ['Where will Sergey Lavrov meet Hakan Fidan?'] });
    assert.match(lead(when)?.text ?? '', /March|Wednesday|\d/, when.answer);
  });

  test('a likely answer the model is not sure of is offered as "Possibly", before the sentence that names it', async () => {
    // The best sentence names Russia as its subject; the place is in another sentence, less sure: it is
    // offered, not stated in bold, and the sentence holding it is read first under the same citation. The
    // subject is who spoke ("Russia has expressed its anticipation that …"): no place where they meet.
    const r = await bundled.built.archive.ask('Where will Sergey Lavrov meet Hakan Fidan?');
    assert.equal(lead(r), null, r.answer);
    assert.match(r.answer, /^Possibly \*\*Antalya Diplomacy Forum\*\* \[1\]\. [^[]*Antalya Diplomacy Forum[^[]*\[1\]/, r.answer);
    assert.equal(r.lead?.tentative, true);
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'Antalya');
  });

  test('a date written relative to its article is shown with the period it meant', async () => {
    // "The US earlier this month punished Turkey …", in an article of 2020-12-29.
    const sanctions = await bundled.built.archive.ask('When did the US sanction Turkey?');
    assert.match(sanctions.answer, /^\*\*this month\*\* \(December 2020\) \[1\]\. The US earlier this month punished Turkey/);
    assert.equal(sanctions.lead?.date, 'December 2020');
    // "citing that last year, Presidents Vladimir Putin and Recep Tayyip Erdogan held 13 phone conversations", 2024-02-29.
    const calls = await bundled.built.archive.ask('When did Putin and Erdogan have 13 phone conversations?');
    assert.match(calls.answer, /^\*\*last year\*\* \(2023\) \[\d+\]\. /);
    assertCitationsReal(calls.answer, calls.citations, bundled.lookup, 'last year');
    // "The Russian Foreign Ministry stated on Wednesday …", in an article of Thursday 2024-02-29.
    const stated = await bundled.built.archive.ask('When did the Russian Foreign Ministry say that Lavrov had been invited?');
    assert.match(stated.answer, /^\*\*Wednesday\*\* \(2024-02-28\) \[1\]\. The Russian Foreign Ministry stated on Wednesday/);
    assert.equal(stated.lead?.date, '2024-02-28');
  });

  test('an open question gets sentences, not a bold fragment', async () => {
    const r = await bundled.built.archive.ask('Why did the US sanction Turkey?');
    assert.equal(lead(r), null, r.answer);
    assert.ok(citedSentences(r).length <= 3);
  });
});

describe('sources that disagree', () => {
  test('two outlets counting the same calls differently: both figures, each with its own source', async () => {
    const r = await bundled.built.archive.ask('How many phone conversations did Erdogan and Putin have in 2020?');
    const m = /^Sources differ: (.+?) \[(\d+)\](?: \(\S+\))? and (.+?) \[(\d+)\]/.exec(r.answer);
    assert.ok(m, r.answer);
    assert.deepEqual(new Set([m[1], m[3]]), new Set(['nearly two dozen', 'more than 10']));
    assert.notEqual(m[2], m[4]);
    const pairs: Array<[string, string]> = [
      [m[1]!, m[2]!],
      [m[3]!, m[4]!],
    ];
    for (const [value, n] of pairs) {
      const quote = r.citations.find((c) => c.n === Number(n))!.quote;
      assert.ok(quote.includes(value), `[${n}] does not state ${value}: ${quote}`);
    }
    assertCitationsReal(r.answer, r.citations, bundled.lookup, 'disagreement');
  });

  test("a year the question names picks that year's figure, not a disagreement with another year's", async () => {
    const r = await bundled.built.archive.ask('How many phone conversations did Putin and Erdogan have in 2023?');
    assert.equal(lead(r)?.text, '13', r.answer);
    assert.doesNotMatch(r.answer, /Sources differ|two dozen/);
    assert.ok(r.citations.every((c) => c.date === '2024-02-29'));
  });
});

describe('names written another way are not refused', () => {
  test.each([
    ['an adjective of a place', 'What did the American secretary of state assure Cavusoglu?', /substantial revenues/],
    // "American" is no word the articles use, and "comment" neither: the adjective is seen where "US" is.
    ['an adjective of a place beside a word no article uses', 'Did American officials comment on the S-400?', /officials in US/],
    ['an abbreviation', 'What did the UN say about Libya?', /UN resolutions/],
    ['a hyphenated compound of places', 'What did Cavusoglu say about the Russia-Turkey relations?', /\[1\]/],
  ])('%s: "%s"', async (_kind, question, expected) => {
    const r = await bundled.built.archive.ask(question);
    assert.equal(r.refused, false, r.answer);
    assert.match(r.answer, expected);
  });

  test('an adjective of a place is searched as the place: "Turkish officials" on Libya gets what Turkey said on Libya', async () => {
    const r = await bundled.built.archive.ask('What did Turkish officials say about Libya?');
    const quoted = citedSentences(r);
    // Before, "officials" (rare among the sentences read) outweighed Libya, and two sentences about the US
    // sanctions opened the answer.
    assert.match(quoted[0]?.text ?? '', /Libya/, r.answer);
    assert.ok(quoted.filter((q) => /Libya/.test(q.text)).length >= 2, r.answer);
  });

  test('what the articles never name, in any form, is still refused and named', async () => {
    const r = await bundled.built.archive.ask('What did Lavrov say about Soviet-era treaties?');
    assert.equal(r.refused, true);
    assert.match(r.answer, /nothing in them mentions Soviet-era/);
    const year = await bundled.built.archive.ask('What was discussed at the 2019 meeting?');
    assert.match(year.answer, /nothing in them mentions 2019/);
  });
});

describe('citations agree with their sentences', () => {
  const questions = [
    "Who is Turkey's foreign minister in 2024?",
    'Who is the current president of Russia?',
    'How many phone conversations did Erdogan and Putin have in 2020?',
    'What did the US Secretary of State assure Cavusoglu?',
    'What was discussed at the 2024 meeting?',
    'How many Russians visited Turkey in 2023?',
    'What did Cavusoglu say about Libya?',
    'Why did the US sanction Turkey?',
    'What did Lavrov say about Ukraine?',
  ];
  test("each source's quote is text of its passage that the answer shows, in the passage's order", async () => {
    for (const q of questions) {
      const r = await bundled.built.archive.ask(q);
      assertCitationsReal(r.answer, r.citations, bundled.lookup, q);
    }
  });

  test('every cited passage states the names and numbers of the sentence citing it; quotation marks are balanced', async () => {
    for (const q of questions) {
      const r = await bundled.built.archive.ask(q);
      for (const s of citedSentences(r)) {
        for (const n of s.cites) {
          const c = r.citations.find((x) => x.n === n)!;
          const chunk = bundled.lookup(c.chunkId)!;
          assert.deepEqual(missingFacts(s.text, chunk.text), [], `${q}: [${n}] (${c.articleId}) does not state all of "${s.text}"`);
        }
        const open = (s.text.match(/“/g) ?? []).length;
        const close = (s.text.match(/”/g) ?? []).length;
        assert.equal(open, close, `${q}: unbalanced quotation marks in "${s.text}"`);
      }
      if (q.includes('assure')) assert.ok(r.citations.some((c) => c.articleId === A004));
    }
  });
});
