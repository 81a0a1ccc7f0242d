// Every article gets a date where the page states one (metadata, a url, a
// dateline, the opening paragraph) and a label people can read (its title, or its lead sentence without
// dateline or agency prefix, cut at a word boundary), stored with it and read back from the index.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, test } from 'vitest';
import { cleanArticle } from '../../src/clean/article.ts';
import { dateFromUrl, parseDate } from '../../src/clean/date.ts';
import { findDateline } from '../../src/clean/dateline.ts';
import { cutAtWord, LABEL_MAX } from '../../src/clean/label.ts';
import { ArchiveDb } from '../../src/store/database.ts';
import type { Article } from '../../src/types.ts';
import { BUNDLED_ARTICLES, BUNDLED_IDS, TempDirs } from '../helpers/env.ts';

const tmp = new TempDirs();
afterAll(() => tmp.removeAll());

const clean = (body: string, extra: { url?: string; title?: string } = {}): Article =>
  cleanArticle({ id: 'x', sourcePath: 'x.txt', title: extra.title ?? null, date: null, outlet: null, url: extra.url ?? null, body });

const bundled = (id: string): Article =>
  cleanArticle({
    id,
    sourcePath: `${id}.txt`,
    title: null,
    date: null,
    outlet: null,
    url: null,
    body: fs.readFileSync(path.join(BUNDLED_ARTICLES, `${id}.txt`), 'utf8'),
  });

describe('labels', () => {
  test('the bundled untitled articles are labelled by their lead, the titled ones by their title', () => {
    const [A000, A001, A002, A003, A004] = BUNDLED_IDS.map(bundled);
    assert.equal(A000!.label, 'Russia has expressed its anticipation that an upcoming meeting between Foreign Minister Sergey Lavrov and…');
    assert.equal(A001!.label, 'Turkish, Russian foreign ministers meet in Sochi');
    assert.match(A002!.label!, /^The top Turkish and Russian diplomats met Tuesday to discuss international issues/);
    assert.equal(A003!.label, '“We have common goals with Turkey” – Lavrov-Cavusoglu meeting');
    // "Sochi, Russia – " is a dateline, not the start of the lead.
    assert.equal(A004!.label, 'Foreign Minister Mevlut Cavusoglu visits Russian Federation on 29 December 2020');
    for (const a of [A000, A002, A004]) assert.ok(a!.label!.length <= LABEL_MAX);
  });

  test('datelines and agency prefixes are not part of a label', () => {
    const cases: Array<[string, string]> = [
      [
        'MOSCOW (Reuters) - Russia said on Tuesday it would respond to the new sanctions.',
        'Russia said on Tuesday it would respond to the new sanctions',
      ],
      ['CNN —\n\nThe president said on Monday that the talks would go on.', 'The president said on Monday that the talks would go on'],
      ['(CNN) — The president spoke to reporters at the White House.', 'The president spoke to reporters at the White House'],
      [
        'WASHINGTON, Dec. 29, 2020 (AP) — The U.S. Senate voted on Tuesday to override the veto.',
        'The U.S. Senate voted on Tuesday to override the veto',
      ],
      [
        'SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone.',
        'Showers continued throughout the week in the Bahia cocoa zone',
      ],
      [
        'ANKARA, Dec 29 (Xinhua) -- Turkish Foreign Minister Mevlut Cavusoglu said relations were good.',
        'Turkish Foreign Minister Mevlut Cavusoglu said relations were good',
      ],
      // A name followed by a dash is a sentence, not a dateline.
      [
        'Turkey - a NATO member - bought the system from Russia, officials said.',
        'Turkey - a NATO member - bought the system from Russia, officials said',
      ],
    ];
    for (const [body, label] of cases) assert.equal(clean(body).label, label, body);
    // A dateline on a line of its own is neither the title nor the label.
    assert.equal(clean('CNN —\n\nThe president said on Monday that the talks would go on.').title, null);
  });

  test('a long lead is cut at a word boundary with an ellipsis', () => {
    const long = `${'word '.repeat(40)}end.`;
    const cut = cutAtWord(long, 50);
    assert.ok(cut.length <= 50 && cut.endsWith('word…'), cut);
    assert.equal(cutAtWord('short enough', 50), 'short enough');
  });
});

describe('dates', () => {
  test('a dateline that states a year dates the article; one without a year does not', () => {
    assert.equal(clean('WASHINGTON, Dec. 29, 2020 (AP) — The U.S. Senate voted on Tuesday to override the veto.').date, '2020-12-29');
    assert.equal(
      clean('ANKARA, 29 December 2020 (AA) - Turkey and Russia signed a consultation plan for the next two years.').date,
      '2020-12-29',
    );
    assert.equal(clean('SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone.').date, null);
    assert.equal(findDateline('SALVADOR, Feb 26 - Showers continued.')?.prefix, 'SALVADOR, Feb 26 - ');
  });

  test('a url that carries the date is metadata', () => {
    assert.equal(dateFromUrl('https://www.example.com/world/2020/12/29/turkey-russia-talks'), '2020-12-29');
    assert.equal(dateFromUrl('https://example.com/news/20240229/lavrov-fidan'), '2024-02-29');
    assert.equal(dateFromUrl('https://example.com/2024-02-29-lavrov.html'), '2024-02-29');
    assert.equal(dateFromUrl('https://example.com/story/1234567'), null);
    assert.equal(dateFromUrl('https://example.com/2024/13/45/x'), null);
    assert.equal(
      clean('The two ministers met in Sochi and held a press conference.', { url: 'https://x.org/2020/12/29/a' }).date,
      '2020-12-29',
    );
  });

  test('the wire format 26-FEB-1987 is read', () => {
    assert.equal(parseDate('26-FEB-1987 15:01:01.79'), '1987-02-26');
  });

  test('the bundled articles keep their dates, and nothing is invented for the undated ones', () => {
    const dates = BUNDLED_IDS.map((id) => bundled(id).date);
    assert.deepEqual(dates, ['2024-02-29', null, null, null, '2020-12-29']);
  });
});

describe('wire copy', () => {
  test('lines wrapped at a fixed width are joined into paragraphs, an indented line starting the next', () => {
    const body = [
      'SALVADOR, Feb 26 - Showers continued throughout the week in',
      'the Bahia cocoa zone, alleviating the drought since early',
      'January and improving prospects for the coming temporao,',
      'although normal humidity levels have not been restored,',
      'Comissaria Smith said in its weekly review.',
      '    The dry period means the temporao will be late this year.',
      '    Arrivals for the week ended February 22 were 155,221 bags',
      'of 60 kilos making a cumulative total for the season of 5.93',
      'mln against 5.81 at the same stage last year.',
    ].join('\n');
    const a = clean(body);
    assert.deepEqual(a.text.split('\n\n'), [
      'SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao, although normal humidity levels have not been restored, Comissaria Smith said in its weekly review.',
      'The dry period means the temporao will be late this year.',
      'Arrivals for the week ended February 22 were 155,221 bags of 60 kilos making a cumulative total for the season of 5.93 mln against 5.81 at the same stage last year.',
    ]);
    assert.match(a.label!, /^Showers continued throughout the week in the Bahia cocoa zone/);
  });
});

describe('the label column', () => {
  test('is stored and read back with the article, its passages and the source list', () => {
    const dir = tmp.make();
    const db = ArchiveDb.open(path.join(dir, 'archive.db'));
    const article = bundled(BUNDLED_IDS[4]);
    const [chunkId] = db.insertArticle(article, [
      { draft: { position: 0, start: 0, end: 20, text: article.text.slice(0, 20) }, embedding: new Float32Array(4) },
    ]);
    assert.equal(db.listSources()[0]?.label, article.label);
    assert.equal(db.article(article.id)?.label, article.label);
    assert.equal(db.passages([chunkId!]).get(chunkId!)?.label, article.label);
    db.close();
  });

  test('an index generation from before labels is still read (label null), and gains the column when written', () => {
    const dir = tmp.make();
    const file = path.join(dir, 'archive.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE articles (id TEXT PRIMARY KEY, source_path TEXT NOT NULL, title TEXT, date TEXT, outlet TEXT, url TEXT,
      hash TEXT NOT NULL, text TEXT NOT NULL, chars INTEGER NOT NULL, indexed_at TEXT NOT NULL);
      CREATE TABLE chunks (id INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL, position INTEGER NOT NULL,
      start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, embedding BLOB NOT NULL);
      INSERT INTO articles VALUES ('a', 'a.txt', NULL, NULL, NULL, NULL, 'h', 'Some text here.', 15, '2024-01-01');`);
    old.close();
    const readOnly = ArchiveDb.open(file, { readonly: true });
    assert.equal(readOnly.listSources()[0]?.label, null);
    readOnly.close();
    const writable = ArchiveDb.open(file);
    writable.insertArticle(bundled(BUNDLED_IDS[0]), []);
    assert.equal(writable.article(BUNDLED_IDS[0])?.label?.startsWith('Russia has expressed'), true);
    writable.close();
  });
});
