// The question set (test/questions.json) over the bundled articles: the quality levels we reached are
// asserted here, and every citation of every answer is checked against the index.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import type { AskResult } from '../../src/types.ts';
import { assertCitationsReal, chunkLookup } from './integrity.ts';
import { buildBundledIndex, type Built } from './setup.ts';

interface Question {
  id: string;
  kind: string;
  question: string;
  answerable: boolean;
  expectedText: string[];
  expectedAll?: string[];
  expectedArticles: string[];
}

const questions = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'questions.json'), 'utf8')) as Question[];

describe('question set over the bundled articles', () => {
  let built: Built;
  const results = new Map<string, AskResult>();

  beforeAll(async () => {
    built = await buildBundledIndex();
    for (const q of questions) results.set(q.id, await built.archive.ask(q.question));
  });
  afterAll(() => built?.close());

  test('the set is big and varied enough to mean something', () => {
    assert.ok(questions.length >= 40);
    assert.ok(questions.filter((q) => !q.answerable).length >= 8);
    for (const kind of ['fact', 'paraphrase', 'diacritics', 'name-variant', 'disagreement']) {
      assert.ok(
        questions.some((q) => q.kind === kind),
        `no ${kind} question`,
      );
    }
  });

  test('answers contain the expected text for at least 90% of answerable questions', () => {
    const answerable = questions.filter((q) => q.answerable);
    const misses = answerable.filter((q) => {
      const answer = results.get(q.id)!.answer.toLowerCase();
      return q.expectedAll
        ? !q.expectedAll.every((t) => answer.includes(t.toLowerCase()))
        : !q.expectedText.some((t) => answer.includes(t.toLowerCase()));
    });
    const rate = 1 - misses.length / answerable.length;
    assert.ok(rate >= 0.9, `contains-rate ${rate.toFixed(3)}; misses: ${misses.map((q) => `${q.id} ${q.question}`).join(' | ')}`);
  });

  test('an expected article is among the citations for at least 95% of answerable questions', () => {
    const answerable = questions.filter((q) => q.answerable);
    const misses = answerable.filter((q) => !results.get(q.id)!.citations.some((c) => q.expectedArticles.includes(c.articleId)));
    assert.ok(misses.length / answerable.length <= 0.05, `not cited: ${misses.map((q) => q.id).join(', ')}`);
  });

  test('every question the articles cannot answer is refused, citing nothing', () => {
    for (const q of questions.filter((x) => !x.answerable)) {
      const r = results.get(q.id)!;
      assert.equal(r.refused, true, `${q.id} "${q.question}" was answered: ${r.answer.slice(0, 120)}`);
      assert.equal(r.citations.length, 0);
      assert.match(r.answer, /don't cover/);
    }
  });

  test('at most one answerable question is refused', () => {
    const refused = questions.filter((q) => q.answerable && results.get(q.id)!.refused);
    assert.ok(refused.length <= 1, `refused: ${refused.map((q) => q.id).join(', ')}`);
  });

  test('every citation of every answer points to a real passage that holds the quoted sentence', () => {
    const lookup = chunkLookup(built.config.indexDir);
    for (const q of questions) {
      const r = results.get(q.id)!;
      assertCitationsReal(r.answer, r.citations, lookup, q.id);
      if (!r.refused) assert.ok(r.citations.length >= 1 && r.citations.length <= 6, `${q.id}: ${r.citations.length} citations`);
    }
  });

  test('sources that disagree on a figure are both shown, each with its citation', () => {
    for (const q of questions.filter((x) => x.kind === 'disagreement')) {
      const r = results.get(q.id)!;
      for (const figure of q.expectedAll!) {
        const sentence = r.answer.split(/(?<=\])\s+/).find((s) => s.includes(figure));
        assert.ok(sentence, `${q.id}: "${figure}" missing from: ${r.answer}`);
        assert.match(sentence, /\[\d+\]$/, `${q.id}: "${figure}" has no citation`);
      }
      assert.ok(new Set(r.citations.map((c) => c.articleId)).size >= 2, `${q.id}: figures not from two articles`);
    }
  });
});
