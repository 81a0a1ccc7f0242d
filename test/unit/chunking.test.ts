// Chunks are whole sentences with exact offsets, overlap by one sentence and stay within size.
import assert from 'node:assert/strict';
import { beforeAll, describe, test } from 'vitest';
import { chunkText } from '../../src/chunk/chunker.ts';
import { collectArticles } from '../../src/indexing/collect.ts';
import type { Article, ChunkDraft } from '../../src/types.ts';
import { BUNDLED_ARTICLES, BUNDLED_IDS } from '../helpers/env.ts';

const DEFAULTS = { targetWords: 130, overlapSentences: 1 };
const MAX_WORDS = Math.round(DEFAULTS.targetWords * 1.4);
const words = (s: string) => (s.match(/\S+/g) ?? []).length;

/** A chunk edge is a sentence edge: after terminal punctuation (and closing quotes), or at a paragraph edge. */
const ENDS_SENTENCE = /[.!?…]["'”’)\]“]*$/;
function endsAtBoundary(text: string, end: number): boolean {
  return end === text.length || text.startsWith('\n\n', end) || ENDS_SENTENCE.test(text.slice(0, end));
}
function startsAtBoundary(text: string, start: number): boolean {
  if (start === 0 || text.slice(start - 2, start) === '\n\n') return true;
  return /\s$/.test(text.slice(0, start)) && ENDS_SENTENCE.test(text.slice(0, start).trimEnd());
}

let articles: Article[];
const chunked = new Map<string, ChunkDraft[]>();

beforeAll(async () => {
  const collected = await collectArticles(BUNDLED_ARTICLES, 5 * 1024 * 1024, () => {});
  articles = [...collected.articles.values()];
  for (const a of articles) chunked.set(a.id, chunkText(a.text, DEFAULTS));
});

describe('bundled articles at the default size (130 words, one sentence of overlap)', () => {
  test('every article yields chunks, numbered from 0', () => {
    assert.deepEqual(articles.map((a) => a.id).sort(), [...BUNDLED_IDS]);
    for (const [id, chunks] of chunked) {
      assert.ok(chunks.length >= 2, `${id} is long enough for several chunks`);
      assert.deepEqual(
        chunks.map((c) => c.position),
        chunks.map((_, i) => i),
        id,
      );
    }
  });

  test('offsets: article.text.slice(start, end) === chunk.text, in order, covering the whole text', () => {
    for (const a of articles) {
      const chunks = chunked.get(a.id)!;
      for (const c of chunks) assert.equal(a.text.slice(c.start, c.end), c.text, `${a.id} chunk ${c.position}`);
      assert.equal(chunks[0]!.start, 0, a.id);
      assert.equal(chunks.at(-1)!.end, a.text.length, a.id);
      for (let i = 1; i < chunks.length; i++) {
        assert.ok(chunks[i]!.start > chunks[i - 1]!.start, `${a.id}: chunks move forward`);
        assert.ok(chunks[i]!.start <= chunks[i - 1]!.end, `${a.id}: no text falls between chunk ${i - 1} and ${i}`);
      }
    }
  });

  test('no chunk starts or ends mid-sentence', () => {
    for (const a of articles) {
      for (const c of chunked.get(a.id)!) {
        assert.ok(startsAtBoundary(a.text, c.start), `${a.id} chunk ${c.position} starts mid-sentence: "${c.text.slice(0, 60)}"`);
        assert.ok(endsAtBoundary(a.text, c.end), `${a.id} chunk ${c.position} ends mid-sentence: "${c.text.slice(-60)}"`);
      }
    }
  });

  test('consecutive chunks share exactly one sentence: the last of one is the first of the next', () => {
    for (const a of articles) {
      const chunks = chunked.get(a.id)!;
      for (let i = 1; i < chunks.length; i++) {
        const prev = chunks[i - 1]!;
        const next = chunks[i]!;
        const shared = a.text.slice(next.start, prev.end);
        assert.ok(shared.length > 0, `${a.id}: chunks ${i - 1} and ${i} overlap`);
        assert.ok(prev.text.endsWith(shared) && next.text.startsWith(shared), a.id);
        assert.ok(!shared.includes('\n'), `${a.id}: the overlap is within one paragraph`);
        // One sentence: no sentence end followed by a new sentence inside it.
        assert.doesNotMatch(shared.slice(0, -1), /[.!?]["”’]?\s+["“]?[A-Z]/, `${a.id}: overlap "${shared}" is more than one sentence`);
      }
    }
  });

  test('sizes: no chunk over 1.4 × the target; all but an article’s last at least half the target', () => {
    for (const a of articles) {
      const chunks = chunked.get(a.id)!;
      chunks.forEach((c, i) => {
        assert.ok(words(c.text) <= MAX_WORDS, `${a.id} chunk ${i} has ${words(c.text)} words`);
        if (i < chunks.length - 1)
          assert.ok(words(c.text) >= DEFAULTS.targetWords / 2, `${a.id} chunk ${i} has only ${words(c.text)} words`);
      });
    }
  });

  test('"Nov. 9" in article 001 does not end a chunk or a sentence', () => {
    const a = articles.find((x) => x.id === BUNDLED_IDS[1])!;
    const chunks = chunked.get(a.id)!;
    assert.ok(a.text.includes('on Nov. 9, as well as'));
    assert.ok(chunks.some((c) => c.text.includes('Armenia on Nov. 9, as well as within the framework')));
    for (const c of chunks) {
      assert.ok(!c.text.endsWith('Nov.'), 'a chunk ends at "Nov."');
      assert.ok(!c.text.startsWith('9,'), 'a chunk starts at "9,"');
    }
  });
});

describe('a text whose true sentences are known', () => {
  const SENTENCES = [
    'The agreement was signed on Nov. 9 by the three leaders in Moscow.',
    'Mr. Lavrov said the deal would hold.',
    'Dr. Ayse Kaya of the U.S. State Department disagreed with that view.',
    'Gen. Brown told reporters on Jan. 5 that the troops would stay.',
    'The trade volume reached $55.4 billion in 2023, officials said.',
    '"We will not give up," Mrs. Petrova said.',
    'Is the conflict over?',
    'Nobody in Ankara would say so!',
    'Prof. Demir of Ankara University called the talks "a careful first step."',
    'Sen. Miller asked why St. Petersburg was not chosen as the venue.',
    'The ministers will meet again in Feb. next year, according to Ms. Aydin.',
    'No. 10 Downing Street declined to comment on the talks.',
    'By Wilson’s theorem, a prime p divides (p − 1)! + 1.',
    'She asked "why not?" and left the room.',
  ];

  function checkWholeSentences(text: string, chunks: ChunkDraft[], sentences: string[]): Array<[number, number]> {
    return chunks.map((c) => {
      assert.equal(text.slice(c.start, c.end), c.text);
      for (let i = 0; i < sentences.length; i++) {
        for (let j = i; j < sentences.length; j++) {
          if (sentences.slice(i, j + 1).join(' ') === c.text) return [i, j] as [number, number];
        }
      }
      throw new assert.AssertionError({ message: `chunk ${c.position} is not a run of whole sentences: "${c.text}"` });
    });
  }

  test('abbreviations (Mr., Dr., Gen., U.S., Nov. 9, Jan. 5, No. 10, St.), a factorial and a quoted question never split a sentence', () => {
    // Small chunks (the longest sentence, 13 words, still fits in 1.4 × 10), so there are many chunk edges to get wrong.
    for (const targetWords of [10, 12, 20, 30]) {
      const text = SENTENCES.join(' ');
      const chunks = chunkText(text, { targetWords, overlapSentences: 1 });
      assert.ok(chunks.length >= 3, `${chunks.length} chunks at ${targetWords} words`);
      const runs = checkWholeSentences(text, chunks, SENTENCES);
      assert.equal(runs[0]![0], 0);
      assert.equal(runs.at(-1)![1], SENTENCES.length - 1);
      for (let k = 1; k < runs.length; k++) {
        const [first, last] = runs[k - 1]!;
        // One sentence of overlap; a one-sentence chunk cannot give its only sentence away, so the next moves on.
        const expected = last > first ? last : last + 1;
        assert.equal(runs[k]![0], expected, `at ${targetWords} words, chunk ${k} should start at sentence ${expected}`);
      }
    }
  });

  test('with no overlap, chunks tile the sentences exactly once', () => {
    const text = SENTENCES.join(' ');
    const runs = checkWholeSentences(text, chunkText(text, { targetWords: 15, overlapSentences: 0 }), SENTENCES);
    for (let k = 1; k < runs.length; k++) assert.equal(runs[k]![0], runs[k - 1]![1] + 1);
  });

  test('paragraph breaks are sentence edges, and offsets stay exact across them', () => {
    const paragraphs = [SENTENCES.slice(0, 4).join(' '), 'A heading without a full stop', SENTENCES.slice(4).join(' ')];
    const text = paragraphs.join('\n\n');
    const chunks = chunkText(text, { targetWords: 20, overlapSentences: 1 });
    for (const c of chunks) {
      assert.equal(text.slice(c.start, c.end), c.text);
      assert.ok(startsAtBoundary(text, c.start) && endsAtBoundary(text, c.end), `"${c.text}"`);
    }
    assert.equal(chunks.at(-1)!.end, text.length);
  });
});

describe('a single sentence longer than the limit', () => {
  const long = `${Array.from({ length: 300 }, (_, i) => `Word${i}`).join(' ')} ends here.`;
  const text = `A short opening sentence comes first. ${long} A closing sentence follows it.`;
  const chunks = chunkText(text, { targetWords: 30, overlapSentences: 1 });

  test('is cut at word boundaries into pieces within the limit, losing nothing', () => {
    const max = Math.round(30 * 1.4);
    for (const c of chunks) {
      assert.equal(text.slice(c.start, c.end), c.text);
      assert.ok(words(c.text) <= max, `${words(c.text)} words`);
      assert.ok(c.start === 0 || /\s/.test(text[c.start - 1]!), 'starts at a word start');
      assert.ok(c.end === text.length || /\s/.test(text[c.end]!), 'ends at a word end');
    }
    const covered = new Set<string>();
    for (const c of chunks) for (const w of c.text.match(/\S+/g)!) covered.add(w);
    for (const w of text.match(/\S+/g)!) assert.ok(covered.has(w), `"${w}" is in no chunk`);
  });

  test('the sentences around it stay whole', () => {
    assert.ok(chunks.some((c) => c.text.startsWith('A short opening sentence comes first.')));
    assert.ok(chunks.some((c) => c.text.endsWith('A closing sentence follows it.')));
    for (const c of chunks) {
      assert.ok(!/comes$|^first\./.test(c.text) && !/^follows it\./.test(c.text), `"${c.text.slice(0, 40)}"`);
    }
  });
});
