// Every supported format is read into the right text and metadata.
import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { openArchive } from '../../src/archive.ts';
import { collectArticles, type Collected } from '../../src/indexing/collect.ts';
import type { Article, ReindexReport, SourceInfo } from '../../src/types.ts';
import { SharedLocalEmbedder } from '../helpers/embedders.ts';
import { FIXTURES, TempDirs, testConfig } from '../helpers/env.ts';

const DIR = path.join(FIXTURES, 'formats');
const tmp = new TempDirs();
const embedder = new SharedLocalEmbedder();
let collected: Collected;
let report: ReindexReport;
let sources: SourceInfo[];

function article(id: string): Article {
  const a = collected.articles.get(id);
  assert.ok(a, `article ${id} was not read; got ${[...collected.articles.keys()].join(', ')}`);
  return a;
}

beforeAll(async () => {
  collected = await collectArticles(DIR, 5 * 1024 * 1024, () => {});
  const config = testConfig({ articlesDir: DIR, indexDir: tmp.make() });
  const archive = await openArchive(config, { embedder });
  report = await archive.reindex();
  sources = archive.listSources();
  await archive.close();
});

afterAll(async () => {
  tmp.removeAll();
  await embedder.dispose();
});

describe('.txt', () => {
  test('the first line is the title, a "Published:" line gives the date, the rest is the text', () => {
    const a = article('plain');
    assert.equal(a.title, 'Grain corridor talks resume in Istanbul');
    assert.equal(a.date, '2021-03-03');
    assert.equal(a.outlet, null);
    assert.equal(a.url, null);
    assert.equal(a.sourcePath, 'plain.txt');
    assert.match(a.text, /^Delegations from Ankara and Moscow met in Istanbul/);
    assert.ok(!a.text.includes('Grain corridor talks resume'), 'the title line is not repeated in the text');
    assert.ok(!/Published/i.test(a.text), `the date label line is metadata, not text: ${a.text.slice(0, 80)}`);
    assert.match(a.text, /rose sharply last year\.$/);
  });

  test('mojibake is repaired, Unicode is NFC, invisible characters and runs of white space are gone', () => {
    const a = article('mojibake');
    assert.equal(a.title, 'Ankara’s deal signed in Mersin');
    assert.ok(a.text.includes('Mevlüt Çavuşoğlu'), a.text); // Ã¼, Ã‡, ÅŸ, ÄŸ
    assert.ok(a.text.includes('“opens a new chapter”'), a.text); // â€œ … â€
    assert.ok(a.text.includes('minister’s delegation'), a.text); // â€™
    assert.ok(a.text.includes('çelik'), a.text); // Ã§
    assert.doesNotMatch(a.text, /[ÃÅÄâ]/, 'no mojibake left');
    assert.equal(a.text, a.text.normalize('NFC'));
    assert.ok(a.text.includes('The officials in Türkiye said the talks were productive.'), a.text);
    assert.doesNotMatch(a.text, /[\u200b\u00a0\t\r]| {2}/, 'no zero-width, no-break space, tab, CR or double space');
  });
});

describe('.md', () => {
  test('front matter gives title, date, url and outlet; markdown syntax is stripped', () => {
    const a = article('front-matter');
    assert.equal(a.title, 'Ankara hosts regional energy summit');
    assert.equal(a.date, '2022-10-14');
    assert.equal(a.url, 'https://example.org/news/energy-summit');
    assert.equal(a.outlet, 'Example Wire');
    assert.match(a.text, /^Energy ministers from six countries gathered in Ankara on Friday/);
    assert.ok(a.text.includes('The ministers discussed the TurkStream pipeline and its planned expansion.'), a.text);
    assert.ok(a.text.includes('"We need predictable partners," one minister'), a.text);
    assert.doesNotMatch(a.text, /\*\*|\]\(|^[-#>] |---|title:/m, 'no markdown syntax or front matter in the text');
    assert.ok(!a.text.includes('Ankara hosts regional energy summit'), 'the heading repeating the title is not in the text');
  });

  test('without front matter the "# heading" is the title', () => {
    const a = article('heading');
    assert.equal(a.title, 'Black Sea shipping insurance costs climb');
    assert.equal(a.date, null);
    assert.equal(a.outlet, null);
    assert.match(a.text, /^Insurers raised premiums for cargo ships/);
    assert.ok(!a.text.includes('#'));
  });

  test('lines wrapped inside a paragraph are joined, so no sentence is broken into paragraphs', () => {
    const a = article('wrapped');
    assert.equal(a.title, 'Kazan talks end without a statement');
    assert.deepEqual(a.text.split('\n\n'), [
      'Turkish and Russian diplomats ended two days of talks in Kazan on Wednesday without issuing a joint statement, officials said.',
      'Both sides said they would meet again before the end of the year in Ankara to continue the discussion.',
    ]);
  });

  test('wrapped paragraphs beside a list: paragraphs joined, each list item a paragraph of its own', () => {
    const a = article('wrapped-list');
    assert.equal(a.title, 'Ankara and Moscow extend the grain corridor');
    assert.deepEqual(a.text.split('\n\n'), [
      'Turkish and Russian officials agreed in Ankara on Monday to extend the Black Sea grain corridor by another four months, the Turkish defence ministry said.',
      'Under the extension:',
      'ships will still be inspected at a joint centre in Istanbul;',
      'Russian fertiliser exports will be eased.',
      'The United Nations welcomed the decision and said it hoped the corridor would stay open for as long as the war lasts.',
    ]);
  });
});

describe('.html', () => {
  test('the main text is extracted; scripts, styles, navigation, sidebar and footer are dropped', () => {
    const a = article('page');
    assert.match(a.text, /^Russian Foreign Minister Sergey Lavrov and his Turkish counterpart Hakan Fidan met/);
    assert.match(a.text, /Akkuyu nuclear plant remain on schedule\.$/);
    assert.equal(a.text.split('\n\n').length, 4, 'the four paragraphs stay paragraphs');
    for (const junk of [
      'tracking',
      'INLINE SCRIPT',
      'font-family',
      'World Navigation Link',
      'Sidebar teaser',
      'Footer text',
      'All rights reserved',
    ]) {
      assert.ok(!a.text.includes(junk), `"${junk}" is not article text`);
    }
  });

  test('title, date (article:published_time), outlet (og:site_name) and canonical url are read', () => {
    const a = article('page');
    assert.equal(a.title, 'Lavrov and Fidan discuss Syria in Antalya');
    assert.equal(a.date, '2024-03-01');
    assert.equal(a.outlet, 'Example Daily');
    assert.equal(a.url, 'https://daily.example.com/world/lavrov-fidan-antalya');
  });
});

describe('.json', () => {
  test('one object: its id, title, body, date, url and source are used', () => {
    const a = article('tass-2020-12-29');
    assert.equal(a.sourcePath, 'single.json');
    assert.equal(a.title, 'Lavrov: relations with Turkey are self-sufficient');
    assert.equal(a.date, '2020-12-29');
    assert.equal(a.url, 'https://tass.example.com/politics/1234');
    assert.equal(a.outlet, 'TASS');
    assert.match(a.text, /^Russian Foreign Minister Sergei Lavrov said on Tuesday/);
  });

  test('an array: each item is an article ("content" and "text" fields, "outlet", a written-out date); ids are file#n', () => {
    const first = article('array#1');
    assert.equal(first.title, 'Turkish tourism rebounds');
    assert.equal(first.date, '2024-01-15');
    assert.equal(first.outlet, 'Coast Times');
    assert.match(first.text, /^More than five million Russian tourists/);
    const second = article('array#2');
    assert.equal(second.title, 'Akkuyu fuel delivered');
    assert.equal(second.date, '2023-04-27');
    assert.equal(second.url, 'https://energy.example.net/akkuyu-fuel');
    assert.equal(second.outlet, null);
    assert.match(second.text, /^The first nuclear fuel for the Akkuyu power plant/);
  });
});

describe('.jsonl', () => {
  test('each good line is an article', () => {
    assert.equal(article('feed-1').title, 'Sochi talks end');
    assert.equal(article('feed-1').outlet, 'Feed Agency');
    assert.equal(article('feed-1').date, '2020-12-29');
    assert.match(article('feed-2').text, /^Russia restored visa-free travel/);
    assert.match(article('feed-6').text, /^Russia raised the import quota/);
    assert.ok(!collected.articles.has('feed-3') && !collected.articles.has('feed-5'));
  });

  test('broken lines are reported as file.jsonl:N with the reason, while the good lines are indexed', () => {
    const jsonl = report.failed.filter((f) => f.path.startsWith('feed.jsonl'));
    assert.deepEqual(
      jsonl.map((f) => f.path),
      ['feed.jsonl:3', 'feed.jsonl:5'],
    );
    assert.match(jsonl[0]!.reason, /invalid JSON/);
    assert.match(jsonl[1]!.reason, /no text/);
    const ids = sources.map((s) => s.id);
    for (const id of ['feed-1', 'feed-2', 'feed-6']) assert.ok(ids.includes(id), `${id} is indexed`);
  });
});

test('a reindex of the formats folder indexes all 13 articles and fails only the two broken JSONL lines', () => {
  assert.deepEqual(sources.map((s) => s.id).sort(), [
    'array#1',
    'array#2',
    'feed-1',
    'feed-2',
    'feed-6',
    'front-matter',
    'heading',
    'mojibake',
    'page',
    'plain',
    'tass-2020-12-29',
    'wrapped',
    'wrapped-list',
  ]);
  assert.equal(report.failed.length, 2, JSON.stringify(report.failed));
  assert.deepEqual(report.warnings, []);
  const page = sources.find((s) => s.id === 'page')!;
  assert.equal(page.outlet, 'Example Daily');
  assert.ok(page.chunks >= 1);
});
