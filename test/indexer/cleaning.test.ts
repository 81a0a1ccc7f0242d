// The bundled scraped articles come out clean — no page furniture, no teasers of other
// stories, the right titles and dates and nothing invented — in the text, the chunks and the keyword index.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Archive } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import { normalizeText, repairMojibake } from '../../src/clean/unicode.ts';
import { openSnapshot, type Snapshot } from '../../src/store/snapshot.ts';
import type { ReindexReport } from '../../src/types.ts';
import { SharedLocalEmbedder } from '../helpers/embedders.ts';
import { BUNDLED_ARTICLES, BUNDLED_IDS, TempDirs, testConfig } from '../helpers/env.ts';

const [A000, A001, A002, A003, A004] = BUNDLED_IDS;
const tmp = new TempDirs();
const embedder = new SharedLocalEmbedder();
let archive: Archive;
let snapshot: Snapshot;
let report: ReindexReport;

/** Text of the teasers for other stories on page 003, and the rest of the page furniture. */
const TEASERS = [
  'Latest News',
  '400+ Iranian Ballistic Missiles for Russia',
  'Iran is reported to have supplied Russia',
  'Deadly Israeli Strike in Damascus',
  'The Israeli Air Force (IAF) struck',
  'Greece Considers Upgrade of EMB-145',
  'pivotal for the Hellenic Air Force',
  'Must Read',
];
const FURNITURE = ['top of page', 'bottom of page', 'Your Comment', 'HJ/FNA13991009000639', 'HomeNEWS', 'Date:'];

const text = (id: string) => snapshot.db.article(id)!.text;
const chunks = (id: string) => snapshot.db.chunksOf(id);

beforeAll(async () => {
  archive = await openArchive(testConfig({ articlesDir: BUNDLED_ARTICLES, indexDir: tmp.make() }), { embedder });
  report = await archive.reindex();
  snapshot = openSnapshot(archive.config.indexDir)!;
});

afterAll(async () => {
  snapshot?.db.close();
  await archive?.close();
  tmp.removeAll();
  await embedder.dispose();
});

test('all five bundled articles are indexed, with nothing failed or warned about', () => {
  assert.deepEqual(report.added.sort(), [...BUNDLED_IDS]);
  assert.deepEqual(report.failed, []);
  assert.deepEqual(report.warnings, []);
});

test('stored chunks are exact slices of the stored article text', () => {
  for (const id of BUNDLED_IDS) {
    const t = text(id);
    const cs = chunks(id);
    assert.ok(cs.length > 0, id);
    for (const c of cs) assert.equal(t.slice(c.start, c.end), c.text, `${id} chunk ${c.position}`);
  }
});

describe('teasers of other stories (003) are gone', () => {
  test('from the article text, which starts with the article itself', () => {
    const t = text(A003);
    for (const teaser of TEASERS) assert.ok(!t.toLowerCase().includes(teaser.toLowerCase()), `"${teaser}" is in the text of 003`);
    assert.match(t, /^A meeting of the Foreign Ministers of Russia and Turkey was held in Sochi/);
    assert.match(t, /relations with NATO and the European Union\.$/);
  });

  test('from every chunk of every article', () => {
    for (const id of BUNDLED_IDS) {
      for (const c of chunks(id)) {
        for (const teaser of TEASERS)
          assert.ok(!c.text.toLowerCase().includes(teaser.toLowerCase()), `"${teaser}" is in chunk ${c.position} of ${id}`);
      }
    }
  });

  test('from the keyword index: searching for their words finds nothing', () => {
    // Positive control: the same search does find words of the article.
    assert.ok(snapshot.db.keywordSearch('"sochi"', 50, null).length > 0);
    assert.ok(snapshot.db.keywordSearch('"cavusoglu"', 50, null).length > 0, 'folded "Çavuşoglu" is found as "cavusoglu"');
    for (const q of [
      '"ballistic"',
      '"emb 145"',
      '"damascus"',
      '"israeli"',
      '"hellenic"',
      '"saab"',
      '"aew"',
      '"must" "read"',
      '"latest" "news"',
    ]) {
      assert.deepEqual(snapshot.db.keywordSearch(q, 50, null), [], `search ${q} finds teaser text`);
    }
  });

  test('from answers: a question about the teasers cites none of them', async () => {
    const r = await archive.ask('What about the Iranian ballistic missiles and the EMB-145 aircraft?');
    for (const c of r.citations) assert.doesNotMatch(c.quote, /ballistic|EMB-145|Damascus|Israeli/i);
    // The refusal names what the articles never mention ("Iranian" is not among it: the articles name Iran);
    // the teasers' own wording must not appear.
    assert.equal(r.refused, true);
    assert.match(r.answer, /nothing in them mentions EMB-145\.$/);
    assert.doesNotMatch(r.answer, /ballistic|Damascus|Israeli|Hellenic|SAAB/i);
  });
});

describe('page furniture is gone', () => {
  test('"top of page", "bottom of page", "Your Comment", the agency code and labels are in no text or chunk', () => {
    for (const id of BUNDLED_IDS) {
      const t = text(id);
      for (const f of FURNITURE) assert.ok(!t.includes(f), `"${f}" is in the text of ${id}`);
      for (const c of chunks(id)) for (const f of FURNITURE) assert.ok(!c.text.includes(f), `"${f}" is in a chunk of ${id}`);
    }
    assert.match(text(A001), /^The top Turkish and Russian diplomats met Tuesday/);
    assert.match(text(A001), /encouraging the Libyan parties to peace\.$/);
    assert.match(text(A002), /satisfied to end the year with a personal meeting\.$/);
    assert.deepEqual(snapshot.db.keywordSearch('"fna13991009000639"', 50, null), []);
    assert.deepEqual(snapshot.db.keywordSearch('"bottom" "page"', 50, null), []);
  });

  test('the leading "date 2024-02-29" label of 000 is metadata, not text', () => {
    assert.match(text(A000), /^Russia has expressed its anticipation that an upcoming meeting/);
  });
});

describe('titles and dates: found where the page states them, null otherwise', () => {
  test('titles', () => {
    const byId = new Map(archive.listSources().map((s) => [s.id, s]));
    assert.equal(byId.get(A001)!.title, 'Turkish, Russian foreign ministers meet in Sochi');
    assert.equal(byId.get(A003)!.title, '“We have common goals with Turkey” – Lavrov-Cavusoglu meeting');
    assert.equal(byId.get(A000)!.title, null);
    assert.equal(byId.get(A002)!.title, null);
    assert.equal(byId.get(A004)!.title, null);
  });

  test('a title line is not repeated in the text', () => {
    assert.ok(!text(A001).includes('foreign ministers meet in Sochi'));
    assert.ok(!text(A003).includes('We have common goals with Turkey”'), 'neither the breadcrumb nor the heading line stays');
  });

  test('dates', () => {
    const byId = new Map(archive.listSources().map((s) => [s.id, s]));
    assert.equal(byId.get(A000)!.date, '2024-02-29');
    assert.equal(byId.get(A004)!.date, '2020-12-29');
    assert.equal(byId.get(A001)!.date, null);
    assert.equal(byId.get(A002)!.date, null);
    assert.equal(byId.get(A003)!.date, null);
  });

  test('no outlet or url is invented for plain text', () => {
    for (const s of archive.listSources()) {
      assert.equal(s.outlet, null, s.id);
      assert.equal(s.url, null, s.id);
    }
  });
});

describe('characters and white space', () => {
  test('texts are NFC, with single spaces, trimmed lines and paragraphs separated by one blank line', () => {
    for (const id of BUNDLED_IDS) {
      const t = text(id);
      assert.equal(t, t.normalize('NFC'), id);
      assert.doesNotMatch(t, / {2}|\t|\r|\u00a0|\u200b/, id);
      assert.doesNotMatch(t, /^ | $|\n{3}/m, id);
      assert.doesNotMatch(t, /Ã|â€/, `${id} has mojibake`);
    }
    assert.ok(text(A003).includes('Mevlüt Çavuşoglu'), 'correct non-ASCII letters are kept');
    assert.ok(text(A000).includes('Türkiye'));
  });

  test('mojibake is repaired: Ã§ → ç, â€™ → ’, Ã¼ → ü, â€œ…â€ → “…”', () => {
    assert.equal(repairMojibake('Ã§elik'), 'çelik');
    assert.equal(repairMojibake('Turkeyâ€™s'), 'Turkey’s');
    assert.equal(repairMojibake('MevlÃ¼t Ã‡avuÅŸoÄŸlu'), 'Mevlüt Çavuşoğlu');
    assert.equal(repairMojibake('â€œWe wonâ€™t be stopped.â€\u009d'), '“We won’t be stopped.”');
    // Text that merely contains such letters legitimately is left alone.
    assert.equal(repairMojibake('São Paulo, Ålesund, Ärzte'), 'São Paulo, Ålesund, Ärzte');
  });

  test('normalisation: NFC, zero-width and soft hyphens dropped, spaces collapsed, CRLF and blank runs folded', () => {
    assert.equal(normalizeText('Tu\u0308rkiye\u200b  and\u00a0Russia\u00ad\r\n\r\n\r\n\tNext  line '), 'Türkiye and Russia\n\nNext line');
  });
});
