// The answering logic on hand-made passages, with a deterministic fake embedder: what the direct answer
// is, when sources differ, which outlet may be cited for a sentence, what is refused and why. Milliseconds,
// no model: the real-model versions of these are in test/answers/.
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { type CorpusProbe, uncoveredSpecifics } from '../../src/answer/coverage.ts';
import { CitationList } from '../../src/answer/citations.ts';
import { composeAnswer } from '../../src/answer/extractive.ts';
import { figuresFor } from '../../src/answer/figures.ts';
import { editDistance, nearSpellings } from '../../src/retrieve/spelling.ts';
import { confidenceFeatures, findLead, leadCandidates, wantedAnswer } from '../../src/answer/lead.ts';
import { termMatcher } from '../../src/answer/overlap.ts';
import type { ScoredSentence } from '../../src/answer/score.ts';
import { parseSentence } from '../../src/answer/spans.ts';
import { closingQuote, leansOnPrevious, openingQuote } from '../../src/answer/standalone.ts';
import { diversify } from '../../src/retrieve/diversify.ts';
import { queryTerms } from '../../src/retrieve/terms.ts';
import { foldForMatch } from '../../src/shared/text.ts';
import { mmr } from '../../src/shared/vector.ts';
import type { Passage } from '../../src/types.ts';
import { fakeVector } from '../helpers/fake-embedder.ts';
import { makePassage } from '../helpers/passage.ts';

const passage = (articleId: string, text: string, date: string | null = null, chunkId = articleId.length): Passage =>
  makePassage(text, { articleId, date, chunkId });

/** Sentences as the scorer would hand them over, best first, with the given scores. */
function scored(rows: Array<{ text: string; p: Passage; score: number; inPeriod?: boolean }>): ScoredSentence[] {
  return rows.map(({ text, p, score, inPeriod }) => ({
    text,
    passage: p,
    articleOffset: p.text.indexOf(text),
    vector: fakeVector(text),
    similarity: score,
    overlap: score,
    passageOverlap: score,
    passageSimilarity: score,
    score,
    otherPeriod: false,
    inPeriod: inPeriod ?? false,
  }));
}

const matcherFor = (question: string, texts: string[]) => termMatcher(queryTerms(question), texts, question);

describe('the direct answer', () => {
  test('factoid questions want a kind of span; open ones want sentences', () => {
    assert.equal(wantedAnswer('How many phone calls did they have?')?.key, 'count');
    assert.equal(wantedAnswer('How much did the system cost?')?.key, 'amount');
    assert.equal(wantedAnswer('In which month did they meet?')?.grain, 'month');
    assert.equal(wantedAnswer("Who is Turkey's foreign minister?")?.key, 'who');
    assert.equal(wantedAnswer('Where will they meet?')?.key, 'where');
    assert.equal(wantedAnswer('Why did the US sanction Turkey?'), null);
    assert.equal(wantedAnswer('How long did the talks last?')?.key, 'duration');
    // A leading "when" or "if" clause sets the scene; the question is the one after the comma.
    assert.equal(wantedAnswer('When UPT bought ABC, what was the merged company called?'), null);
    assert.equal(wantedAnswer('If the talks fail, who will mediate?')?.key, 'who');
    assert.equal(wantedAnswer('When did UPT buy ABC?')?.key, 'when');
    assert.equal(wantedAnswer('When did Luther, who was a monk, post the theses?')?.key, 'when');
    // Who a named person is wants sentences, typed in lower case too; a lower-case question for a name does not.
    assert.equal(wantedAnswer('Who is Erdogan?'), null);
    assert.equal(wantedAnswer('who is erdogan?'), null);
    assert.equal(wantedAnswer('who is hakan fidan?'), null);
    for (const q of ['who was killed?', 'who is responsible?', 'who is next?', 'who is leading?', 'who is the president?'])
      assert.equal(wantedAnswer(q)?.key, 'who', q);
    // "Which …" / "what …" of a kind named by a singular noun: a thing of that kind.
    assert.equal(wantedAnswer('Which vaccine did Turkey and Russia agree to produce?')?.askedKind, 'vaccine');
    assert.equal(wantedAnswer('What resort city did the ministers meet in?')?.askedKind, 'city');
    assert.equal(wantedAnswer('What crisis did they discuss?')?.askedKind, 'crisis');
    assert.equal(wantedAnswer('Radio stations owned by what company?')?.askedKind, 'company');
    for (const open of [
      'What topics will be discussed?', // a plural: a list
      'What prompted the meeting?', // no noun after "what"
      'To what extent did trade grow?',
      'How did the deal, which Turkey signed, change trade?', // a relative "which"
      'What is the Akkuyu plant?',
      'Who is Erdogan?', // what a named person is: sentences
      "Who's Mevlut Cavusoglu?",
    ])
      assert.equal(wantedAnswer(open), null, open);
    // A capitalised office is no name: "Who is Turkey's President?" asks for one.
    assert.equal(wantedAnswer("Who is Turkey's President?")?.key, 'who');
    // A run of capitals is read in linear time (the pattern once backtracked for seconds).
    assert.equal(wantedAnswer(`Who is ${'A'.repeat(40)}!`)?.key, 'who');
  });

  test("a span is read with the verb it belongs to: the question's, or another while the question's stands elsewhere", async () => {
    const q = 'When did the council buy the land?';
    const text = 'The council sold the mill in 1872, years after it bought the land in 1850.';
    const s = scored([{ text, p: passage('a', text), score: 0.8 }]);
    const byText = new Map(leadCandidates(q, s).map((c) => [c.span.text, c.x]));
    assert.equal(byText.get('1850')?.verbOwn, 1);
    assert.equal(byText.get('1850')?.verbOther, 0);
    assert.equal(byText.get('1872')?.verbOwn, 0);
    assert.equal(byText.get('1872')?.verbOther, 1);
    assert.equal((await findLead(q, s))?.span.text, '1850');
  });

  test('a place that did the asked act in a compound answers "who" by its name; other acts it did not', () => {
    const text = 'Two countries are monitoring a Russian-mediated truce, and the Saudi-led coalition bombed the port.';
    const s = scored([{ text, p: passage('a', text), score: 0.8 }]);
    assert.deepEqual(
      leadCandidates('Who mediated the truce?', s).map((c) => c.text),
      ['Russia'],
    );
    assert.deepEqual(
      leadCandidates('Who leads the coalition?', s).map((c) => c.text),
      ['Saudi Arabia'],
    );
    // "Russian-mediated" says who mediated, not who monitors.
    assert.ok(!leadCandidates('Who monitors the truce?', s).some((c) => c.text === 'Russia' || c.span.text === 'Russian'));
  });

  test('who made a statement is no place where the act the statement tells of happens', () => {
    const text = 'Russia has expressed its hope that Lavrov and Fidan will meet in Antalya.';
    const s = scored([{ text, p: passage('a', text), score: 0.8 }]);
    const places = leadCandidates('Where will Lavrov and Fidan meet?', s).map((c) => c.span.text);
    assert.ok(places.includes('Antalya') && !places.includes('Russia'), places.join(', '));
    // Asked about the statement itself, the speaker stays.
    assert.ok(leadCandidates('Who expressed hope that Lavrov and Fidan will meet?', s).some((c) => c.span.text === 'Russia'));
    // "has claims on" is a possession, not a statement: its subject still answers.
    const owns = 'Turkey has claims on the islands in the Aegean Sea.';
    const o = scored([{ text: owns, p: passage('b', owns), score: 0.8 }]);
    assert.ok(leadCandidates('Who disputes the islands in the Aegean?', o).some((c) => c.span.text === 'Turkey'));
  });

  test('who did the act and who it was done to: word order and the passive tell them apart', async () => {
    const active = 'Federer defeated Nadal in the final at Wimbledon.';
    const passive = 'Nadal was defeated by Federer in the final at Wimbledon.';
    const roles = (q: string, text: string) =>
      new Map(leadCandidates(q, scored([{ text, p: passage('a', text), score: 0.8 }])).map((c) => [c.span.text, c.x]));
    for (const text of [active, passive]) {
      // "Who defeated …?" asks for the doer, "Who was defeated …?" for the one defeated, in either voice.
      const doer = roles('Who defeated the champion in the final?', text);
      assert.equal(doer.get('Federer')?.['roleMatch:who'], 1, text);
      assert.equal(doer.get('Nadal')?.['roleMatch:who'], 0, text);
      const done = roles('Who was defeated in the final?', text);
      assert.equal(done.get('Nadal')?.['roleMatch:who'], 1, text);
      // The passive's "by Federer" is no candidate at all for the one defeated.
      if (text === active) assert.equal(done.get('Federer')?.['roleMatch:who'], 0, text);
      else assert.equal(done.has('Federer'), false, text);
    }
    // A possessive "'s" is no passive "is", and "Who was the first player to defeat …?" asks for the doer.
    const owned = "Switzerland's Federer defeated Nadal in the final.";
    assert.equal(roles('Who defeated the champion in the final?', owned).get('Federer')?.['roleMatch:who'], 1);
    assert.equal(roles('Who was the first player to defeat Nadal?', active).get('Federer')?.['roleMatch:who'], 1);
    // "Who was thought to have defeated …?" asks for the doer too (its first verb only reports the act): the
    // passive's "by Federer" stays a candidate, and matches.
    assert.equal(roles('Who was thought to have defeated Nadal?', passive).get('Federer')?.['roleMatch:who'], 1);
    // …and so does a sentence worded like the question: its subject did the reported act.
    const reported = 'Federer was thought to have defeated Nadal in the final.';
    assert.equal(roles('Who was thought to have defeated Nadal?', reported).get('Federer')?.['roleMatch:who'], 1);
    const expected = 'Biden is expected to win the election in November.';
    assert.equal(roles('Who is expected to win the election?', expected).get('Biden')?.['roleMatch:who'], 1);
    // The ranking (without span vectors) answers each from the active sentence.
    const s = scored([{ text: active, p: passage('a', active), score: 0.8 }]);
    assert.equal((await findLead('Who defeated the champion in the final?', s))?.text, 'Federer');
    assert.equal((await findLead('Who was defeated in the final?', s))?.text, 'Nadal');
    // And from the passive one: before, position made its "by Federer" the answer.
    const p = scored([{ text: passive, p: passage('a', passive), score: 0.8 }]);
    assert.equal((await findLead('Who was defeated in the final?', p))?.text, 'Nadal');
  });

  test('"what day of the week" is answered by a weekday, not by another date of the sentence', () => {
    const q = 'What day of the week are general elections held?';
    const text = 'General elections are held on the first Thursday in May, and the session ends in late July.';
    const s = scored([{ text, p: passage('a', text), score: 0.8 }]);
    assert.deepEqual(
      leadCandidates(q, s).map((c) => c.span.text),
      ['Thursday'],
    );
  });

  test('whole answers are candidates: ranges, figures with their units, two names joined, years as dates', () => {
    const spans = (text: string) => new Map(parseSentence(text).spans.map((s) => [s.text, s.kind]));
    const a = spans('Historians estimate 10 to 15 million died, and 50% to 60% of the land, 340 miles long, was lost.');
    assert.equal(a.get('10 to 15 million'), 'number');
    assert.equal(a.get('50% to 60%'), 'percent');
    assert.equal(a.get('340 miles'), 'number');
    // A range with its unit, and units of size.
    const u = spans('Elders serve 2–3 years first, and 7 to 10 percent of ribosomes are about 17 nm across.');
    assert.equal(u.get('2–3 years'), 'number');
    assert.equal(u.get('7 to 10 percent'), 'number');
    assert.equal(u.get('about 17 nm'), 'number');
    const b = spans('The show was created by William Hanna and Joseph Barbera in 1201, since July 6, 2009, during 1368–1644.');
    assert.equal(b.get('William Hanna and Joseph Barbera'), 'proper');
    assert.equal(b.get('1201'), 'date');
    assert.equal(b.get('July 6, 2009'), 'date'); // without its "since"
    assert.equal(b.get('1368–1644'), 'date');
    // A decade and its part; a whole name after a title the tagger reads as part of it.
    const c = spans('The term took its sense in the late 1870s; Costa Rican President José María Figueres studied there.');
    assert.equal(c.get('late 1870s'), 'date');
    assert.equal(c.get('1870s'), 'date');
    assert.equal(c.get('José María Figueres'), 'proper');
    // Dates joined by "and" when the second is a date by itself, not a vague time after it.
    const d = spans('It was banned in 1948 and several years later again, and talks were held in June and July 2023.');
    assert.equal(d.get('June and July 2023'), 'date');
    assert.equal(d.get('1948'), 'date');
    assert.equal(d.has('1948 and several years later'), false);
    // A level a change reaches is a figure; a range of years is still dates.
    const e = spans('The Dow fell 508 points to 1738 on Monday, its worst fall since the panic from 1929 to 1932.');
    assert.equal(e.get('1738'), 'number');
    assert.equal(e.get('1929'), 'date');
    assert.equal(e.get('1932'), 'date');
    assert.equal(spans('The Dow Jones Industrial average plunged to 1844.97, a 404 point decline.').get('1844.97'), 'number');
    // A date runs on to its year after a comma, not past it.
    const f = spans('The statement was issued on March 1, 2024 and in 2001, 16 academies signed it.');
    assert.equal(f.get('March 1, 2024'), 'date');
    assert.equal(f.get('2001'), 'date');
    assert.equal(f.has('2001, 16'), false);
    // A name across "of the", and across lower-case particles the tagger reads as other words.
    const g = spans('In 1991 the Museum of the Moving Image put on an exhibition, and Paul Marin de la Malgue took command.');
    assert.equal(g.get('Museum of the Moving Image'), 'proper');
    assert.equal(g.get('Paul Marin de la Malgue'), 'proper');
    // A figure wink reads with its qualifier is a candidate bare too; a place by its direction from a name.
    const h = spans('Approximately 828,000 women worked there, and the army was defeated west of Kashgar.');
    assert.equal(h.get('828,000'), 'number');
    assert.equal(h.get('west of Kashgar'), 'noun');
    // A compound whose middle word is no noun: "brick-and-mortar" (it was cut to "brick").
    assert.equal(spans('They are brick-and-mortar community pharmacies.').get('brick-and-mortar community pharmacies'), 'noun');
  });

  test('names the tagger splits or misreads are whole candidates; a date gives its sides and its year', () => {
    const spans = (text: string) => new Map(parseSentence(text).spans.map((s) => [s.text, s.kind]));
    // wink breaks words at letters outside its alphabet and tags "Manning", "Bears" as verbs.
    const a = spans(
      'Maria Skłodowska-Curie and Peyton Manning met the Chicago Bears, guests Beyoncé and Bruno Mars, and Johann von Staupitz.',
    );
    for (const name of ['Maria Skłodowska-Curie', 'Peyton Manning', 'Chicago Bears', 'Beyoncé and Bruno Mars', 'Johann von Staupitz'])
      assert.equal(a.get(name), 'proper', name);
    const b = spans('William the Conqueror sat in the Palace of Culture and Science; BSkyB paid £304m for the rights.');
    assert.equal(b.get('William the Conqueror'), 'proper');
    assert.equal(b.get('Palace of Culture and Science'), 'proper');
    assert.equal(b.get('£304m'), 'money');
    const c = spans('Nikola Tesla (10 July 1856 – 7 January 1943) saw the Peasants War of 1524–25.');
    for (const date of ['10 July 1856', '7 January 1943', '1943', '1524–25']) assert.equal(c.get(date), 'date', date);
    assert.equal(c.get('25'), 'number'); // not a date of its own
    // A word that starts like a month is no date.
    const d = spans('He married her after the decline of Mars, in March 2009.');
    assert.equal(d.get('March 2009'), 'date');
    for (const word of ['married', 'decline', 'Mars']) assert.notEqual(d.get(word), 'date', word);
    // A plural noun after an article, which the tagger reads as a verb ("the stems/VERB"), and a name.
    const e = spans('In cacti, chloroplasts are found in the stems, and the Levant lies to the east.');
    assert.equal(e.get('stems'), 'noun');
    assert.equal(e.get('Levant'), 'proper');
    // A capital "A" past the sentence's start is a letter, and the verb after it stays one.
    const verbOf = (text: string, word: string) => parseSentence(text).tokens.find((t) => t.text === word)?.pos;
    assert.equal(verbOf('Vitamin A helps vision.', 'helps'), 'VERB');
  });

  test('the day a statement was made does not answer when the event is', () => {
    const q = 'When will Lavrov and Fidan meet?';
    const text =
      'The ministry stated on Wednesday that Lavrov had been invited by Fidan to meet on the sidelines of the forum on March 1-2.';
    const s = scored([{ text, p: passage('a', text), score: 0.8 }]);
    const dates = leadCandidates(q, s).map((c) => c.span.text);
    assert.ok(dates.includes('March 1-2'), dates.join('; '));
    assert.ok(!dates.includes('Wednesday'), dates.join('; '));
    const asked = leadCandidates('When did the ministry say they would meet?', s).map((c) => c.span.text);
    assert.ok(asked.includes('Wednesday'), asked.join('; '));
  });

  test('a question about what will happen is not answered by a past act, but a future one stays', () => {
    const q = 'When will the council meet?';
    const text = 'The ministers met on Tuesday, and the council will meet on 1 March 2021 in Ankara.';
    const s = scored([{ text, p: passage('a', text, '2021-03-01'), score: 0.8 }]);
    const dates = leadCandidates(q, s).map((c) => c.span.text);
    assert.ok(
      dates.some((d) => d.includes('1 March 2021')),
      dates.join('; '),
    );
    assert.ok(!dates.includes('Tuesday'), dates.join('; '));
    // A "will" that is not the question's own tense, or not a verb, asks about the past.
    assert.ok(leadCandidates('When did the ministers say the council will meet?', s).some((c) => c.span.text === 'Tuesday'));
    const will = 'When did parliament defy the will of voters?';
    const defied = 'Parliament defied the will of voters on Tuesday.';
    const ds = scored([{ text: defied, p: passage('b', defied, '2021-03-01'), score: 0.8 }]);
    assert.ok(leadCandidates(will, ds).some((c) => c.span.text === 'Tuesday'));
  });

  test('a name given the asked office of the asked place comes first, from the newest article for "current"', () => {
    const older = passage('old', 'Turkish Foreign Minister Mevlut Cavusoglu spoke in Sochi.', '2020-12-29', 1);
    const newer = passage('new', 'He met Turkish Foreign Minister Hakan Fidan in Antalya.', '2024-02-29', 2);
    const matching = passage('m', "Foreign Minister Sergey Lavrov praised Turkey's position.", '2024-02-29', 3);
    const s = scored([
      { text: "Foreign Minister Sergey Lavrov praised Turkey's position.", p: matching, score: 0.9 },
      ...Array.from({ length: 8 }, (_, i) => ({ text: `Filler sentence number ${i} about trade.`, p: matching, score: 0.85 })),
      { text: 'Turkish Foreign Minister Mevlut Cavusoglu spoke in Sochi.', p: older, score: 0.4 },
      { text: 'He met Turkish Foreign Minister Hakan Fidan in Antalya.', p: newer, score: 0.3 },
    ]);
    const any = leadCandidates("Who is Turkey's foreign minister?", s).map((c) => c.span.text);
    assert.ok(any.includes('Mevlut Cavusoglu') && any.includes('Hakan Fidan') && !any.includes('Sergey Lavrov'), any.join('; '));
    const current = leadCandidates("Who is Turkey's current foreign minister?", s, { newest: true }).map((c) => c.span.text);
    assert.deepEqual(current, ['Hakan Fidan']);
  });

  test('a name that another sentence gives to another country does not answer for the asked one', () => {
    const q = 'Who is the president of Russia?';
    const p = passage(
      'a',
      'Presidents Vladimir Putin and Recep Tayyip Erdogan spoke. Turkish President Recep Tayyip Erdogan and his Russian counterpart Vladimir Putin met.',
    );
    const s = scored([
      { text: 'Presidents Recep Tayyip Erdogan and Vladimir Putin spoke on the phone thirteen times.', p, score: 0.8 },
      { text: 'Turkish President Recep Tayyip Erdogan and his Russian counterpart Vladimir Putin met.', p, score: 0.5 },
    ]);
    const names = leadCandidates(q, s).map((c) => c.span.text);
    assert.ok(names.includes('Vladimir Putin'), names.join('; '));
    assert.ok(!names.some((n) => n.includes('Erdogan')), names.join('; '));
  });

  test('an office asked for by name is held by the name the sentence gives it, not by a counterpart of another office', () => {
    const q = "Who is Russia's president?";
    const p = passage(
      'a',
      "Mevlut Cavusoglu, Turkey's foreign minister, met his Russia's counterparty Sergey Lavrov, ahead of a meeting chaired by their presidents. He added that President Vladimir Putin was pleased.",
    );
    const s = scored([
      {
        text: "Mevlut Cavusoglu, Turkey's foreign minister, met his Russia's counterparty Sergey Lavrov, ahead of a meeting chaired by their presidents.",
        p,
        score: 0.8,
      },
      { text: 'He added that President Vladimir Putin was pleased.', p, score: 0.6 },
    ]);
    assert.deepEqual(
      leadCandidates(q, s).map((c) => c.span.text),
      ['Vladimir Putin'],
    );
    // The foreign minister asked for: the apposition gives it to Cavusoglu, the counterpart of a foreign
    // minister named before is one too.
    const ministers = leadCandidates("Who is Russia's foreign minister?", s).map((c) => c.span.text);
    assert.ok(ministers.includes('Sergey Lavrov') && !ministers.includes('Vladimir Putin'), ministers.join('; '));
    // No name holds the office: every name stays a candidate.
    const none = leadCandidates('Who is the mayor of Sochi?', s).map((c) => c.span.text);
    assert.ok(none.includes('Vladimir Putin') && none.includes('Sergey Lavrov'), none.join('; '));
  });

  test('a figure leads the answer in bold with its citation, then its sentence', async () => {
    const q = 'How many tourists visited the island last year?';
    const p = passage('a', 'Officials were pleased. About 5.6 million tourists visited the island last year, officials said.');
    const s = scored([{ text: 'About 5.6 million tourists visited the island last year, officials said.', p, score: 0.8 }]);
    const r = await composeAnswer(q, s, matcherFor(q, [s[0]!.text]));
    assert.match(r.answer, /^\*\*(About )?5\.6 million\*\* \[1\]\. About 5\.6 million tourists visited/);
    assert.equal(r.citations.length, 1);
  });

  test('a sentence naming only another year than the asked one does not answer for it', async () => {
    const q = 'Who created the 2005 theme for the show?';
    const old = 'American composer John Debney created a new arrangement of the theme for the show in 1996.';
    const asked = 'For the 2005 revival, the theme was created by Murray Gold.';
    const s = scored([
      { text: old, p: passage('a', old), score: 0.8 },
      { text: asked, p: passage('b', asked), score: 0.7 },
    ]);
    const byText = new Map(leadCandidates(q, s).map((c) => [c.span.text, c.x]));
    assert.equal(byText.get('John Debney')?.yearOther, 1);
    assert.equal(byText.get('Murray Gold')?.yearAsked, 1);
    assert.equal((await findLead(q, s))?.text, 'Murray Gold');
  });

  test('the confidence reads the probability of nested readings of one answer ("Kashgar", "west of Kashgar") and of the sentence', () => {
    const text = "As a result, Kuchlug's army was defeated west of Kashgar by the Mongols.";
    const s = scored([{ text, p: passage('a', text), score: 0.8 }]);
    const candidates = leadCandidates("Where was Kuchlug's army defeated?", s);
    const spans = candidates.map((c) => c.span.text);
    assert.ok(spans.includes('Kashgar') && spans.includes('west of Kashgar'), spans.join(', '));
    const p = candidates.map(() => 1 / candidates.length);
    const top = spans.indexOf('Kashgar');
    const x = confidenceFeatures(candidates, p, top);
    // Every span overlapping "Kashgar" counts, itself included; every span of its sentence for the sentence.
    const nested = candidates.filter((c) => c.span.from < candidates[top]!.span.to && candidates[top]!.span.from < c.span.to).length;
    assert.ok(nested >= 2);
    assert.ok(Math.abs(x.overlapping! - nested / candidates.length) < 1e-9, JSON.stringify(x));
    assert.ok(Math.abs(x.sentenceMass! - 1) < 1e-9, JSON.stringify(x));
  });

  test('a life\'s dates answer "born" by their first side and "died" by their last, each of its own person', async () => {
    const text = 'The debate was led by theorists such as Joseph Schumpeter (1883–1950) and Norman Angell (1872–1967).';
    const s = scored([{ text, p: passage('a', text), score: 0.8 }]);
    const leadOf = async (q: string) => (await composeAnswer(q, s, matcherFor(q, [text]))).lead?.text;
    assert.equal(await leadOf('When was Joseph Schumpeter born?'), '1883');
    assert.equal(await leadOf('When did Norman Angell die?'), '1967');
    assert.equal(await leadOf('When was Norman Angell born?'), '1872');
    // "Death" naming no one's death keeps every side of a range.
    const plague = 'The Black Death (1346–1353) killed millions.';
    const b = scored([{ text: plague, p: passage('c', plague), score: 0.8 }]);
    const dates = leadCandidates('When did the Black Death reach Europe?', b).map((c) => c.span.text);
    assert.ok(dates.includes('1346') && dates.includes('1346–1353'), dates.join(', '));
    // A date that is no side of a range still answers.
    const tesla = 'Nikola Tesla was born on 10 July 1856 in Smiljan.';
    const t = scored([{ text: tesla, p: passage('b', tesla), score: 0.8 }]);
    const q = 'When was Tesla born?';
    assert.equal((await composeAnswer(q, t, matcherFor(q, [tesla]))).lead?.text, '10 July 1856');
  });
});

describe('sources that differ', () => {
  const q = 'How many phone calls did the presidents have this year?';
  const a = passage('a', 'The presidents had nearly two dozen phone calls this year, the ministry said.', '2020-12-24', 1);
  const b = passage('b', 'The presidents had more than 10 phone calls this year, the ministry said.', '2020-12-29', 2);

  test('the same thing counted differently: each value with its own source and date', async () => {
    const s = scored([
      { text: a.text, p: a, score: 0.8 },
      { text: b.text, p: b, score: 0.78 },
    ]);
    const r = await composeAnswer(q, s, matcherFor(q, [a.text, b.text]));
    assert.match(r.answer, /^Sources differ: nearly two dozen \[1\] \(2020-12-24\) and more than 10 \[2\] \(2020-12-29\)\. /);
  });

  test('figures of different things are no disagreement', async () => {
    const c = passage('c', 'The presidents had 13 meetings with business leaders this year.', '2020-12-29', 3);
    const s = scored([
      { text: a.text, p: a, score: 0.8 },
      { text: c.text, p: c, score: 0.78 },
    ]);
    const r = await composeAnswer(q, s, matcherFor(q, [a.text, c.text]));
    assert.doesNotMatch(r.answer, /Sources differ/);
  });

  test('the same noun counted in sentences about different things is no disagreement', async () => {
    const members = 'How many members make up the Judicial Council?';
    const church = passage('f', 'The Judicial Council is the highest court of the church and consists of nine members.');
    const city = passage('g', 'Legislative power in Warsaw is vested in the City Council, which comprises 60 members.');
    const s = scored([
      { text: church.text, p: church, score: 0.8 },
      { text: city.text, p: city, score: 0.75 },
    ]);
    const r = await composeAnswer(members, s, matcherFor(members, [church.text, city.text]));
    assert.doesNotMatch(r.answer, /Sources differ/, r.answer);
    assert.match(r.answer, /^\*\*nine\*\* \[1\]\. /, r.answer);
  });

  test('a question that asks for no figure gets no disagreement about figures', async () => {
    const s = scored([
      { text: a.text, p: a, score: 0.8 },
      { text: b.text, p: b, score: 0.78 },
    ]);
    const who = 'Who did the presidents call this year?';
    const r = await composeAnswer(who, s, matcherFor(who, [a.text, b.text]));
    assert.doesNotMatch(r.answer, /Sources differ/);
    assert.match(r.answer, /nearly two dozen phone calls/);
  });

  test('a near-copy from another outlet with another figure is not cited for the sentence', async () => {
    const copy = passage('d', 'The presidents had nearly three dozen phone calls this year, the ministry said.', '2020-12-24', 4);
    const same = passage('e', 'The presidents had nearly two dozen phone calls this year, the ministry said.', '2020-12-25', 5);
    const s = scored([
      { text: a.text, p: a, score: 0.8 },
      { text: same.text, p: same, score: 0.79 },
      { text: copy.text, p: copy, score: 0.78 },
    ]);
    const r = await composeAnswer('What did the ministry say about the presidents?', s, matcherFor('ministry presidents', [a.text]));
    const cited = r.citations.map((c) => c.articleId).sort();
    assert.ok(cited.includes('a') && cited.includes('e'), r.answer);
    assert.ok(
      !cited.includes('d') || r.answer.includes(copy.text),
      `the near-copy stating "three dozen" is cited for "two dozen": ${r.answer}`,
    );
  });
});

describe('figures', () => {
  test('the figure in front of an asked thing, with its qualifiers, and which question term it counts', () => {
    const q = 'How many phone calls were there?';
    const m = matcherFor(q, ['x']);
    const [f] = figuresFor('They had nearly two dozen phone calls.', m);
    assert.equal(f?.phrase, 'nearly two dozen');
    assert.equal(f?.value, 24);
    const [g] = figuresFor('They had 13 telephone calls.', matcherFor('How many telephone calls?', ['x']));
    assert.equal(g?.value, 13);
  });
});

describe('refusals by evidence, not spelling', () => {
  const corpus = 'the us secretary of state met turkey minister in ankara. united nations resolutions. russia ukraine talks.';
  const probe: CorpusProbe = {
    has: (expr) => [...expr.matchAll(/"([^"]+)"/g)].some((m) => foldForMatch(corpus).includes(m[1]!)),
    hasYear: (year) => year === '2024',
    termsLike: (word, slack) =>
      foldForMatch(corpus)
        .split(/[^a-z]+/)
        .filter((t) => t[0] === word[0] && Math.abs(t.length - word.length) <= slack),
  };
  test.each([
    ['What did the American secretary say?', []],
    ['What did the UN say?', []],
    ['What about the Russia-Ukraine talks?', []],
    ['What happened at the 2024 meeting?', []],
    ['What did Lavrov say?', ['Lavrov']],
    ['What did they say about Soviet-era treaties?', ['Soviet-era']],
    ['What happened in 2019?', ['2019']],
    ['What did the Secretary-General say?', ['Secretary-General']],
    ['What did the ministre in Ankrara say?', []],
    ['What did the minister in Ankrara-themed talks say?', []],
    ['What happened in Feb?', []],
  ])('%s → missing %j', (question, missing) => {
    assert.deepEqual(uncoveredSpecifics(question, [], probe), missing);
  });
});

describe('near spellings', () => {
  // The index's vocabulary holds Porter stems, as FTS5 stores them.
  const stems = ['genghi', 'khan', 'gandhi', 'public', 'librari', 'servic', 'grand', 'venic', 'georgia', 'melon'];
  const probe: CorpusProbe = {
    has: (expr) => [...expr.matchAll(/"([^"]+)"/g)].every((m) => m[1]!.split(' ').every((w) => stems.includes(w))),
    hasYear: () => false,
    termsLike: (word, slack) => stems.filter((t) => t[0] === word[0] && Math.abs(t.length - word.length) <= slack),
  };
  test.each([
    ['How many daughters did Ghengis Khan have?', []],
    ["What was Ghandi's work called?", []],
    ['Who leads the Public Library Servies?', []],
    // Another word, not a misspelling: two edits that are not a moved letter.
    ['What did Grundy say?', ['Grundy']],
    ['What happened in Venezuela?', ['Venezuela']],
    // A near spelling mends a misspelt word of a name, not a whole name none of whose words is there.
    ['When did Giorgia Meloni become prime minister?', ['Giorgia Meloni']],
  ])('%s → missing %j', (question, missing) => {
    assert.deepEqual(uncoveredSpecifics(question, [], probe), missing);
  });

  test('the indexed words a word misspells: moved letters, stems, never a stop word', () => {
    const vocabulary = ['necessari', 'neces', 'gandhi', 'forum', 'from', 'sanction', 'section'];
    const like = (word: string, slack: number) => vocabulary.filter((t) => t[0] === word[0] && Math.abs(t.length - word.length) <= slack);
    assert.deepEqual(nearSpellings('nessecary', like), ['necessari']);
    assert.deepEqual(nearSpellings("ghandi's", like), ['gandhi']);
    assert.deepEqual(nearSpellings('froum', like), ['forum']);
    assert.deepEqual(nearSpellings('sanctoins', like), ['sanction']);
    // Short words are too easily another word.
    assert.deepEqual(nearSpellings('frum', like), []);
  });

  test('a transposed or dropped letter is one edit; more than allowed stops early', () => {
    assert.equal(editDistance('lavorv', 'lavrov', 1), 1);
    assert.equal(editDistance('ghandi', 'gandhi', 2), 2);
    assert.equal(editDistance('hollwood', 'hollywood', 2), 1);
    assert.equal(editDistance('venezuala', 'venezuela', 2), 1);
    assert.equal(editDistance('austria', 'australia', 1), 2);
  });
});

describe('citations', () => {
  const text = 'First they met. Then they talked. Finally they signed.';
  const p = makePassage(text, { chunkId: 7 });
  test("a passage's quote keeps the passage's order, whatever order the answer cites it in", () => {
    const list = new CitationList();
    assert.equal(list.cite(p, 'Finally they signed.'), 1);
    assert.equal(list.cite(p, 'First they met.'), 1);
    assert.equal(list.list()[0]!.quote, 'First they met. … Finally they signed.');
  });
  test('a sentence quoted with the one it leans on replaces that one; one already quoted is not repeated', () => {
    const list = new CitationList();
    list.cite(p, 'Then they talked.');
    list.cite(p, 'First they met. Then they talked.');
    list.cite(p, 'Then they talked.');
    assert.equal(list.list()[0]!.quote, 'First they met. Then they talked.');
  });
});

describe('sentences that stand alone', () => {
  test('a pronoun subject or a quote without its speaker leans on the sentence before', () => {
    assert.ok(leansOnPrevious('He further added that the talks would continue.'));
    assert.ok(leansOnPrevious('Additionally, they engaged in discussions in Sochi in September.'));
    assert.ok(leansOnPrevious('“We have repeatedly emphasized that these sanctions are illegal.”'));
    assert.ok(!leansOnPrevious('“We won’t be stopped,” Cavusoglu said.'));
    assert.ok(!leansOnPrevious('Lavrov met Fidan in Antalya.'));
  });
  test('a quotation cut before its end gets its closing mark', () => {
    assert.equal(closingQuote('He said: “We will meet again.'), '”');
    assert.equal(closingQuote('He said: “We will meet again.”'), '');
  });
  test('a quotation cut before its start gets its opening mark, curly or straight', () => {
    assert.equal(openingQuote('We will meet again,” he said.'), '“');
    assert.equal(openingQuote('It is necessary to act in the Balkans," it added.'), '"');
    assert.equal(openingQuote('"We will meet again," he said.'), '');
    assert.equal(openingQuote('He said: "We will meet again.'), '');
  });
});

describe('MMR', () => {
  test('relevant and different: a duplicate of a picked item waits behind a less relevant new one', () => {
    const items = ['trade talks in Ankara', 'trade talks in Ankara resumed', 'gas pipeline deal signed'].map((text, i) => ({
      text,
      rel: 1 - i * 0.1,
      v: fakeVector(text),
    }));
    const picked = mmr(items, 2, { relevance: (x) => x.rel, vector: (x) => x.v, lambda: 0.5 });
    assert.deepEqual(
      picked.map((x) => x.text),
      ['trade talks in Ankara', 'gas pipeline deal signed'],
    );
  });
});

describe('near-duplicate passages', () => {
  test('a copy of the same story collapses, unless it states other figures: then it is a second, disagreeing source', () => {
    const v = fakeVector('The company sold cars in Europe last year');
    const vectors = new Map([
      [1, v],
      [2, v],
      [3, v],
    ]);
    const texts = new Map([
      [1, 'The company sold 3,000 cars in Europe last year.'],
      [2, 'The company sold 3,000 cars in Europe last year.'],
      [3, 'The company sold 4,200 cars in Europe last year.'],
    ]);
    const picked = diversify(
      [1, 2, 3].map((chunkId) => ({ chunkId, score: 1 - chunkId / 10 })),
      vectors,
      3,
      texts,
    );
    assert.deepEqual(
      picked.map((c) => c.chunkId),
      [1, 3],
    );
  });
});
