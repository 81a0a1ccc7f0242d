import assert from 'node:assert/strict';
import { test } from 'vitest';
import { splitMessage } from '../../src/bot/split.ts';

const MARKER = /\[\d+(?:,\s*\d+)*\]/g;
const markers = (text: string): string[] => text.match(MARKER) ?? [];
const squash = (text: string): string => text.replace(/\s+/g, '');

/** ~5,000 characters of sentences, each ending with a citation. */
function longAnswer(): string {
  const sentences: string[] = [];
  for (let i = 0; sentences.join(' ').length < 5000; i++) {
    sentences.push(`Sentence number ${i} explains one more detail of the sanctions and the S-400 purchase [${(i % 14) + 1}].`);
    if (i % 9 === 8) sentences.push('\n\n');
  }
  return sentences.join(' ');
}

test('a 5,000-character answer is split into messages of at most 2,000 characters, losing nothing', () => {
  const text = longAnswer();
  assert.ok(text.length >= 5000);
  const parts = splitMessage(text);
  assert.ok(parts.length >= 3);
  for (const part of parts) assert.ok(part.length <= 2000, `part of ${part.length} chars`);
  assert.equal(squash(parts.join('')), squash(text));
  assert.deepEqual(parts.flatMap(markers), markers(text));
});

test('prefers paragraph boundaries, then sentence boundaries', () => {
  const para = `${'Alpha beta gamma. '.repeat(60).trim()}`; // ~1,080 chars
  const text = `${para}\n\n${para}\n\n${para}`;
  const parts = splitMessage(text);
  assert.deepEqual(parts, [para, para, para]);

  const oneParagraph = 'This sentence is short. '.repeat(120).trim();
  for (const part of splitMessage(oneParagraph)) assert.match(part, /\.$/);
});

test('never splits inside a citation marker and keeps it with its sentence', () => {
  // The limit falls exactly inside "[12]"; the sentence before it ends with a period.
  const head = 'word '.repeat(396).trim(); // 1,979 chars
  const text = `${head}. Close to the edge [12]. And the rest of the story.`;
  const idx = text.indexOf('[12]');
  assert.ok(idx < 2000 && idx + 4 > 1998, 'the marker straddles the limit');
  const parts = splitMessage(text, 2000);
  assert.ok(parts.every((p) => p.length <= 2000));
  assert.deepEqual(parts.flatMap(markers), ['[12]']);
  assert.ok(parts.some((p) => p.includes('Close to the edge [12].')));
});

test('never splits inside a multi-number marker such as [1, 12]', () => {
  for (let shift = 0; shift < 7; shift++) {
    const text = `${'w'.repeat(1995 - shift)} [1, 12] more text follows here.`;
    const parts = splitMessage(text, 2000);
    assert.ok(parts.every((p) => p.length <= 2000));
    assert.deepEqual(parts.flatMap(markers), ['[1, 12]'], `shift ${shift}`);
  }
});

test('a citation marker after the period stays with the sentence it supports', () => {
  const first = `${'a'.repeat(50)} ${'Lorem ipsum dolor sit amet. '.repeat(3)}`.trim();
  const text = `${first} [3] Next sentence goes on and on.`;
  const parts = splitMessage(text, first.length + 3);
  for (const p of parts) assert.doesNotMatch(p, /^\[3\]/, 'a part starts with an orphaned marker');
  assert.deepEqual(parts.flatMap(markers), ['[3]']);
});

test('with markers written after the period, cuts still fall between sentences', () => {
  const sentences = Array.from(
    { length: 60 },
    (_, i) => `The minister said sanctions would not deter cooperation number ${i}. [${(i % 12) + 1}]`,
  );
  const text = sentences.join(' ');
  const parts = splitMessage(text, 1000);
  assert.ok(parts.length > 2);
  for (const part of parts) {
    assert.match(part, /^The minister/, 'each part starts a sentence');
    assert.match(part, /\. \[\d+\]$/, 'each part ends with a sentence and its marker');
  }
});

test('never splits inside a <https://...> link or a masked link', () => {
  const url = 'https://example.com/news/2024/02/29/a-very-long-path-name-for-the-article?ref=archivist';
  for (const link of [`<${url}>`, `[Turkey and Russia](<${url}>)`]) {
    for (let offset = 1; offset < link.length; offset += 7) {
      const filler = 'x'.repeat(2000 - offset); // puts the limit `offset` characters into the link
      // With a space before the link, and glued to the text before it (no boundary to use).
      for (const text of [`${filler} ${link} tail words here.`, `${filler}${link} tail words here.`]) {
        const parts = splitMessage(text, 2000);
        assert.ok(parts.every((p) => p.length <= 2000));
        assert.ok(
          parts.some((p) => p.includes(link)),
          `link cut at offset ${offset}: ${JSON.stringify(parts.map((p) => p.slice(-40)))}`,
        );
      }
    }
  }
});

test('a source list is split between lines, not inside one', () => {
  const lines = Array.from(
    { length: 40 },
    (_, i) =>
      `[${i + 1}] [Article number ${i + 1} about Turkey](<https://example.com/a/${i + 1}>) — Outlet ${i}, 2024-02-${String((i % 28) + 1).padStart(2, '0')}`,
  );
  const text = `Answer first [1].\n\n**Sources**\n${lines.join('\n')}`;
  const parts = splitMessage(text, 1000);
  const joinedLines = parts.flatMap((p) => p.split('\n'));
  for (const line of lines) assert.ok(joinedLines.includes(line), `line broken: ${line}`);
});

test('short text is one message; text without any whitespace is still cut to the limit', () => {
  assert.deepEqual(splitMessage('Hello [1].'), ['Hello [1].']);
  const parts = splitMessage('y'.repeat(4500));
  assert.deepEqual(
    parts.map((p) => p.length),
    [2000, 2000, 500],
  );
});
