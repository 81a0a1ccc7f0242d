// A 5,000-character answer through the real client: split over the deferred reply and
// follow-ups, each within 2,000 characters, no [n] or link cut, buttons on the last part only.
// The bundled articles never produce such an answer, so a canned-answer archive double is used.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import type { AskResult, Citation } from '../src/types.ts';
import { cannedArchive, type CannedArchive } from './fake-discord/archive-double.ts';
import type { Harness } from './fake-discord/harness.ts';
import { startHarness } from './fake-discord/harness.ts';
import { answerOf, assertNoPings, assertWithinLimits, customIds, textOf } from './fake-discord/inspect.ts';

const citations: Citation[] = Array.from({ length: 14 }, (_, i) => ({
  n: i + 1,
  articleId: `article-${i + 1}`,
  title: `Report ${i + 1} on the S-400 sanctions`,
  outlet: 'Example News',
  date: '2020-12-29',
  url: `https://example.com/news/2020/12/29/report-${i + 1}-on-the-s400-sanctions?ref=archivist`,
  chunkId: 100 + i,
  quote: `Quoted passage ${i + 1}: the United States imposed sanctions on Turkey over the S-400.`,
  score: 0.8,
}));

function longAnswer(): string {
  const paragraphs: string[] = [];
  let n = 0;
  while (paragraphs.join('\n\n').length < 5000) {
    const sentences = Array.from({ length: 4 }, () => {
      n++;
      return `Point ${n} about the sanctions is described in detail by the reports <https://example.com/see/${n}> [${(n % 14) + 1}].`;
    });
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

let h: Harness;
let archive: CannedArchive;
const answer = longAnswer();

beforeAll(async () => {
  h = await startHarness({
    openArchive: async (config) => {
      archive = cannedArchive(
        config,
        (question): AskResult => ({
          question,
          answer,
          refused: false,
          citations,
          related: [],
          answerer: 'extractive',
          timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
        }),
      );
      return archive;
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

test('a 5,000-character answer is split into messages within the limit, cutting no marker or link', async () => {
  assert.ok(answer.length >= 5000);
  const user = h.fake.addUser('reader');
  const ix = h.fake.command(user, 'ask', { options: { question: 'Tell me everything about the sanctions.' } });
  const messages = await answerOf(h.fake, ix);
  assert.ok(messages.length >= 3, `${messages.length} messages`);
  assert.equal(ix.edits.length, 1, 'the first part is edited into the deferred reply');
  assert.equal(ix.followups.length, messages.length - 1, 'the rest are follow-ups');
  for (const m of messages) assert.ok(String(m.content).length <= 2000);
  const text = textOf(messages);
  const markers = (s: string) => s.match(/\[\d+\]/g) ?? [];
  const links = (s: string) => s.match(/<https:\/\/[^>]+>/g) ?? [];
  const expected = `${answer}\n\n**Sources**`;
  assert.deepEqual(markers(text.split('**Sources**')[0] ?? ''), markers(expected));
  assert.deepEqual(links(text.split('**Sources**')[0] ?? ''), links(answer));
  // Each part after the first starts a paragraph or sentence, not in the middle of one.
  for (const m of messages.slice(1)) assert.match(String(m.content), /^(Point \d+|\*\*Sources\*\*|\[\d+\] )/);
  // Every source is listed once, as a masked link that does not unfurl.
  for (const c of citations) assert.ok(text.includes(`[${c.n}] [${c.title}](<${c.url}>) — Example News, 2020-12-29`), `source ${c.n}`);
  // Buttons only under the last part.
  assert.deepEqual(
    messages.slice(0, -1).flatMap((m) => customIds(m)),
    [],
  );
  assert.equal(customIds(messages.at(-1)).length, 3);
  assert.deepEqual(
    archive.questions.map((q) => q.question),
    ['Tell me everything about the sanctions.'],
  );
  assertWithinLimits(h.fake);
  assertNoPings(h.fake);
});
