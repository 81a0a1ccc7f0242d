// Dates are read as the article states them, in any time zone of the machine; ambiguous ones are not guessed.
// Runs in UTC+3 (Istanbul), where reading a date as UTC midnight or through Date.parse shifts it by a day.
process.env.TZ = 'Europe/Istanbul';

import assert from 'node:assert/strict';
import { test } from 'vitest';
import { parseDate } from '../../src/clean/date.ts';
import { cleanArticle } from '../../src/clean/article.ts';

test('the machine runs this file east of UTC', () => {
  assert.equal(new Date(2021, 2, 4).getTimezoneOffset(), -180);
});

test('ISO dates, also inside timestamps with an offset: the date as written', () => {
  assert.equal(parseDate('2020-12-29'), '2020-12-29');
  assert.equal(parseDate('2024-03-01T01:30:00+03:00'), '2024-03-01');
  assert.equal(parseDate('2020-12-29T23:30:00-05:00'), '2020-12-29');
  assert.equal(parseDate('2020-12-29T14:05:00Z'), '2020-12-29');
  assert.equal(parseDate('2021-03-04 23:30'), '2021-03-04');
  assert.equal(parseDate('2021/03/04'), '2021-03-04');
});

test('written-out dates, RFC 2822 included', () => {
  assert.equal(parseDate('29 December 2020'), '2020-12-29');
  assert.equal(parseDate('December 29, 2020'), '2020-12-29');
  assert.equal(parseDate('Nov. 9, 2020'), '2020-11-09');
  assert.equal(parseDate('3rd March 2021'), '2021-03-03');
  assert.equal(parseDate('Tue, 29 Dec 2020 23:30:00 -0500'), '2020-12-29');
});

test('numeric dates: dotted ones are day first; slashed ones only when one reading is possible', () => {
  assert.equal(parseDate('29.12.2020'), '2020-12-29');
  assert.equal(parseDate('04.03.2021'), '2021-03-04');
  assert.equal(parseDate('29/12/2020'), '2020-12-29');
  assert.equal(parseDate('12/29/2020'), '2020-12-29');
  assert.equal(parseDate('03/04/2021'), null);
});

test('nothing is invented: no year, no day, impossible dates and words give null', () => {
  for (const s of ['1 March', 'March 2021', '2021-02-30', '31.04.2021', 'yesterday', 'Tuesday', '', '  ', 'n/a']) {
    assert.equal(parseDate(s), null, JSON.stringify(s));
  }
  assert.equal(parseDate(null), null);
  assert.equal(parseDate({}), null);
});

test('Unix timestamps in seconds or milliseconds; absurd ones give null', () => {
  assert.equal(parseDate(1609243200), '2020-12-29');
  assert.equal(parseDate(1609243200000), '2020-12-29');
  assert.equal(parseDate(1e20), null);
});

test('a "Date: 29.12.2020" label opening a text is metadata', () => {
  const a = cleanArticle({
    id: 'x',
    sourcePath: 'x.txt',
    title: null,
    date: null,
    outlet: null,
    url: null,
    body: 'Date: 29.12.2020\n\nThe two ministers met in Sochi and held a joint press conference afterwards.\n\nThey discussed Syria and Libya.',
  });
  assert.equal(a.date, '2020-12-29');
  assert.match(a.text, /^The two ministers met in Sochi/);
});
