// What a question says about time, how it reorders retrieval candidates, and what a relative date in an
// answer meant when its article was written.
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { byArticleDate, calendarDate } from '../../src/answer/relative-date.ts';
import {
  asOfPrefix,
  evidenceDate,
  periodYears,
  questionTime,
  rescoreByTime,
  scopeBonus,
  TIME_WEIGHTS,
  withoutTimeWords,
  yearCovered,
} from '../../src/retrieve/time.ts';

const NOW = '2024-02-29';
const scopes = (q: string) => questionTime(q, NOW).scopes.map((s) => [s.text, s.from, s.to]);

describe('the time a question names', () => {
  test('the years a question is about: those it names and "last year" / "this year" read against now', () => {
    const years = (q: string) => periodYears(q, questionTime(q, NOW));
    assert.deepEqual(years('How many calls did they have last year?'), [2023]);
    assert.deepEqual(years('How many calls did they have this year?'), [2024]);
    assert.deepEqual(years('How many calls did they have in 2020?'), [2020]);
    // "the past year" spans two calendar years, "last month" is no year, "2000 people" is a figure.
    assert.deepEqual(years('How many calls in the past year?'), []);
    assert.deepEqual(years('How many calls last month?'), []);
    assert.deepEqual(years('Were 2000 people there?'), []);
  });

  test('years, months and days written as dates', () => {
    assert.deepEqual(scopes('What was discussed at the 2024 meeting?'), [['2024', '2024-01-01', '2024-12-31']]);
    assert.deepEqual(scopes('What happened in March 1987?'), [['March 1987', '1987-03-01', '1987-03-31']]);
    assert.deepEqual(scopes('What happened on Wall Street on October 19, 1987?'), [['October 19, 1987', '1987-10-19', '1987-10-19']]);
    assert.deepEqual(scopes('Which group met in Sochi on 29 December 2020?'), [['on 29 December 2020', '2020-12-29', '2020-12-29']]);
    assert.deepEqual(questionTime('What happened in March 1987?', NOW).range, { from: '1987-03-01', to: '1987-03-31' });
    // Histories' years are years too (one definition: src/shared/years.ts).
    assert.deepEqual(scopes('What did Genghis Khan capture in 1215?'), [['1215', '1215-01-01', '1215-12-31']]);
  });

  test('relative periods are read against "now"; a month without a year is the last one before it', () => {
    assert.deepEqual(scopes('What happened last month?'), [['last month', '2024-01-01', '2024-01-31']]);
    assert.deepEqual(scopes('What did OPEC say this week?'), [['this week', '2024-02-23', '2024-02-29']]);
    assert.deepEqual(scopes('How many meetings were there last year?'), [['last year', '2023-01-01', '2023-12-31']]);
    assert.deepEqual(scopes('What did they agree in April?'), [['April', '2023-04-01', '2023-04-30']]);
    assert.ok(questionTime('What happened last month?', NOW).scopes[0]!.relative);
  });

  test('figures, weekdays and reported "this year" are not periods', () => {
    assert.deepEqual(scopes('How many Russian tourists, more than 2000 people, came?'), []);
    assert.deepEqual(scopes('What did they discuss on Tuesday?'), []);
    assert.deepEqual(scopes('How many calls did the presidents have this year, according to Lavrov?'), []);
  });

  test('latest, current and now ask for the newest state of things', () => {
    for (const q of [
      'Who is the current president of Russia?',
      'What is the latest on Texaco?',
      'Is Turkey still buying the S-400?',
      'What is the dollar doing now?',
    ]) {
      assert.equal(questionTime(q, NOW).recency, true, q);
    }
    assert.equal(questionTime('Why did the US sanction Turkey?', NOW).recency, false);
    assert.equal(withoutTimeWords('What is the latest on Texaco?'), 'What is the on Texaco?');
  });
});

describe('retrieval candidates reordered by time', () => {
  const passages = new Map([
    [1, { articleId: 'old', date: '2020-12-29', text: 'Cavusoglu met Lavrov in Sochi.' }],
    [2, { articleId: 'new', date: '2024-02-29', text: 'Lavrov will meet Fidan in Antalya.' }],
    [3, { articleId: 'undated', date: null, text: 'The ministers discussed Syria.' }],
    [4, { articleId: 'mentions', date: '2020-12-29', text: 'In 2024 the plan runs out.' }],
  ]);
  const info = (id: number) => passages.get(id);
  const candidates = [
    { chunkId: 1, score: 1 },
    { chunkId: 3, score: 0.9 },
    { chunkId: 2, score: 0.6 },
  ];

  test('passages of the named year come first and those dated at other times go; undated ones stay', () => {
    const out = rescoreByTime(candidates, questionTime('What was discussed at the 2024 meeting?', NOW), info);
    assert.deepEqual(
      out.map((c) => c.chunkId),
      [2, 3],
    );
  });

  test('a passage that mentions the year counts as being about it', () => {
    assert.equal(scopeBonus(passages.get(4)!, questionTime('in 2024', NOW).scopes), TIME_WEIGHTS.inScope);
    assert.equal(yearCovered('2024', [passages.get(2)!]), true);
    assert.equal(yearCovered('2019', [...passages.values()]), false);
  });

  test('a period no candidate is from changes nothing', () => {
    const out = rescoreByTime(candidates, questionTime('What happened in 2019?', NOW), info);
    assert.deepEqual(
      out.map((c) => c.chunkId),
      [1, 3, 2],
    );
  });

  test('"latest" puts the newest relevant passage first; irrelevant new ones do not jump the queue', () => {
    const latest = questionTime('What is the latest on the ministers?', NOW);
    assert.deepEqual(
      rescoreByTime(candidates, latest, info).map((c) => c.chunkId),
      [2, 1, 3],
    );
    const weak = [
      { chunkId: 1, score: 1 },
      { chunkId: 2, score: 0.1 },
    ];
    assert.deepEqual(
      rescoreByTime(weak, latest, info).map((c) => c.chunkId),
      [1, 2],
    );
  });

  test('the answer says "As of" the newest cited date, only for questions about the newest state or a period up to now', () => {
    const cited = [{ date: '2020-12-29' }, { date: null }, { date: '2024-02-29' }];
    assert.equal(evidenceDate(cited), '2024-02-29');
    assert.equal(asOfPrefix(questionTime('Who is the current president?', NOW), cited), 'As of 2024-02-29: ');
    assert.equal(asOfPrefix(questionTime('Who is the president?', NOW), cited), '');
    assert.equal(asOfPrefix(questionTime('Who is the current president?', NOW), [{ date: null }]), '');
    // A period up to now says as of when too; last month is a closed period, and needs no "as of".
    assert.equal(asOfPrefix(questionTime('What happened to stocks this week?', NOW), cited), 'As of 2024-02-29: ');
    assert.equal(asOfPrefix(questionTime('What happened to stocks last month?', NOW), cited), '');
  });
});

describe('a relative date in an answer, read against its article', () => {
  test('a date without its year is the nearer of its last and next occurrence: past or still to come', () => {
    // "the agreement signed … on Nov. 9" in a story of 29 December 2020 had happened; "to meet on March 1-2"
    // in one of 29 February 2024 is two days ahead, and so is "Jan. 5" at the end of December.
    assert.equal(byArticleDate('Nov. 9', '2020-12-29'), true);
    assert.equal(byArticleDate('November', '2020-12-29'), true);
    assert.equal(byArticleDate('March 1-2', '2024-02-29'), false);
    assert.equal(byArticleDate('Jan. 5', '2020-12-29'), false);
    assert.equal(byArticleDate('29 December 2020', '2020-12-29'), true);
    assert.equal(byArticleDate('Nov. 9', null), false);
  });

  test('"this month", "last year", "yesterday", "three days ago" name their period; others are left alone', () => {
    // ("two years ago" would be read as one day: a false precision.)
    const written = '2020-12-29';
    assert.equal(calendarDate('earlier this month', written), 'December 2020');
    assert.equal(calendarDate('last year', written), '2019');
    assert.equal(calendarDate('yesterday', written), '2020-12-28');
    assert.equal(calendarDate('three days ago', written), '2020-12-26');
    assert.equal(calendarDate('last week', written), '2020-12-16 to 2020-12-22');
    // Written as a date already, no calendar name ("the past year"), or possibly ahead ("March 1-2").
    for (const span of ['2019', '29 December 2020', 'the past year', 'two years ago', 'March 1-2', 'on Wednesday'])
      assert.equal(calendarDate(span, written), null, span);
    assert.equal(calendarDate('last year', null), null, 'an undated article');
  });

  test('a weekday is the last one up to the story when its verb is past, the next from it when it is to come', () => {
    // The weekday in `sentence` (its last occurrence, as `at` says), read against a story of `written`.
    const date = (weekday: string, written: string | null, sentence: string) =>
      calendarDate(weekday, written, { sentence, start: sentence.lastIndexOf(weekday) });
    const thursday = '2024-02-29';
    assert.equal(
      date('Wednesday', thursday, 'The Russian Foreign Ministry stated on Wednesday that Lavrov had been invited.'),
      '2024-02-28',
    );
    assert.equal(date('Friday', thursday, 'The two ministers met Friday in Moscow.'), '2024-02-23');
    assert.equal(date('Friday', thursday, 'The two ministers will meet on Friday in Moscow.'), '2024-03-01');
    assert.equal(date('Monday', thursday, 'Lavrov is set to meet Fidan on Monday.'), '2024-03-04');
    // The story's own weekday is the story's day, past or to come (a week on would be "next Thursday").
    assert.equal(date('Thursday', thursday, 'On Thursday, Cavusoglu visited Russia for talks.'), '2024-02-29');
    assert.equal(date('Thursday', thursday, 'The ministers will meet on Thursday evening.'), '2024-02-29');
    // The weekday where the answer found it, not an earlier one of the sentence.
    assert.equal(date('Monday', thursday, "Monday's talks were cancelled, and the ministers will meet on Monday."), '2024-03-04');
    // Said neither way: a present tense, a present helper, a "to" that does not plan, a weekday not one day.
    for (const [weekday, sentence] of [
      ['Tuesday', 'The council meets on Tuesday.'],
      ['Friday', 'The vote is scheduled for Friday.'],
      ['Sunday', 'Markets are closed on Sunday.'],
      ['Tuesday', 'The spokesman declined to comment on Tuesday.'],
      ['Thursday', 'General elections are held on the first Thursday in May.'],
    ])
      assert.equal(date(weekday!, thursday, sentence!), null, sentence);
    // Without where it stands, or undated, a weekday is left alone.
    assert.equal(calendarDate('Wednesday', thursday), null);
    assert.equal(date('Wednesday', null, 'The ministry stated on Wednesday that they met.'), null);
  });
});
