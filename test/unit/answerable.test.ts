// The answerability decision (src/answer/answerable.ts): its features on hand-made scored sentences, and
// the shipped model's decision on sentences scored with a deterministic fake embedder. No model, no data set.
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import {
  type AnswerableEvidence,
  answerableEvidence,
  answerableFeatures,
  answerableProbability,
  isAnswerable,
} from '../../src/answer/answerable.ts';
import { candidateSentences } from '../../src/answer/candidates.ts';
import { answerWeights } from '../../src/answer/model.ts';
import { composeAnswer } from '../../src/answer/extractive.ts';
import { termMatcher } from '../../src/answer/overlap.ts';
import { type ScoredSentence, scoreSentences } from '../../src/answer/score.ts';
import { SentenceVectors } from '../../src/answer/sentence-vectors.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { queryTerms } from '../../src/retrieve/terms.ts';
import { cosine } from '../../src/shared/vector.ts';
import type { Passage } from '../../src/types.ts';
import { fakeVector } from '../helpers/fake-embedder.ts';
import { makePassage } from '../helpers/passage.ts';

const passage = (articleId: string, text: string, score = 1): Passage => makePassage(text, { articleId, chunkId: articleId.length, score });

/** A sentence as the scorer hands it over, with the measures given by hand. */
function sentence(text: string, m: { score: number; similarity: number; overlap: number; passageScore?: number }): ScoredSentence {
  const p = passage(`a${m.score}`, text, m.passageScore ?? 1);
  return {
    text,
    passage: p,
    articleOffset: 0,
    vector: fakeVector(text),
    passageOverlap: 0,
    passageSimilarity: 0,
    ...m,
    otherPeriod: false,
    inPeriod: false,
  };
}

const fakeEmbedder: Embedder = {
  init: async () => ({ provider: 'local', model: 'fake', dimension: 256 }),
  embed: async (texts) => texts.map(fakeVector),
  close: async () => {},
};

/** What the decision sees of `question` over `texts` (one passage each, in retrieval order), scored by the product's code. */
async function evidenceFor(question: string, texts: string[]): Promise<AnswerableEvidence> {
  const q = fakeVector(question);
  const passages = texts.map((t, i) => ({ ...passage(`p${i}`, t, 1 - i / 10), dense: cosine(q, fakeVector(t)) }));
  const candidates = candidateSentences(passages);
  const { scored, matcher } = await scoreSentences(question, q, queryTerms(question), candidates, new SentenceVectors(fakeEmbedder));
  return answerableEvidence(scored, matcher, { passages, terms: queryTerms(question), unseen: [] });
}

const NOTHING_RETRIEVED = { passages: [], terms: [], unseen: [] };

const ARTICLES = [
  'The Ottoman Empire was dissolved in 1922, after its defeat in the First World War. The sultanate was abolished by the Grand National Assembly.',
  'Ankara became the capital of the new Turkish republic in 1923. The city had been the headquarters of the national movement.',
  'The treaty of Lausanne, signed in July 1923, set the borders of modern Turkey. It replaced the earlier treaty of Sèvres.',
];

describe('answerability features', () => {
  const q = 'When was the Ottoman sultanate abolished?';
  const rows = [
    sentence('The sultanate was abolished in 1922.', { score: 0.7, similarity: 0.6, overlap: 0.9, passageScore: 0.8 }),
    sentence('The Ottoman Empire lost the war.', { score: 0.45, similarity: 0.75, overlap: 0.3 }),
    sentence('Ankara became the capital in 1923.', { score: 0.2, similarity: 0.1, overlap: 0 }),
    sentence('Its borders were set at Lausanne.', { score: 0.1, similarity: 0.05, overlap: 0 }),
  ];
  const matcher = termMatcher(
    queryTerms(q),
    rows.map((r) => r.text),
    q,
  );
  const x = answerableFeatures(
    answerableEvidence(rows, matcher, {
      passages: [{ dense: 0.62 }, { dense: 0.7 }, { dense: null }],
      terms: queryTerms(q),
      unseen: ['ottoman'],
    }),
  );

  test('best and top-3 measures are taken over sentences, each measure on its own', () => {
    assert.equal(x.best, 0.7);
    // The closest sentence in meaning is not the best-scoring one.
    assert.equal(x.bestSimilarity, 0.75);
    assert.equal(x.bestOverlap, 0.9);
    assert.equal(x.bestJoint, Math.max(0.6 * 0.9, 0.75 * 0.3));
    assert.equal(x.bestEither, 0.9);
    assert.ok(Math.abs(x.top3 - (0.7 + 0.45 + 0.2) / 3) < 1e-12);
    assert.ok(Math.abs(x.top3Similarity - (0.75 + 0.6 + 0.1) / 3) < 1e-12);
    assert.ok(Math.abs(x.margin - 0.25) < 1e-12);
    assert.equal(x.passage, 0.8);
  });

  test("unseen: the share of the question's terms no passage in scope holds, and whether there is one", () => {
    // ottoman, sultanate, abolished: one of the three found nowhere.
    assert.equal(queryTerms(q).length, 3);
    assert.ok(Math.abs(x.unseen - 1 / 3) < 1e-12);
    assert.equal(x.anyUnseen, 1);
    assert.equal(answerableFeatures({ sentences: [], anywhere: 0, passages: [], unseen: 0 }).anyUnseen, 0);
  });

  test('sentences clearing a level are counted (on a log scale)', () => {
    assert.equal(x.clear40, Math.log1p(2));
    assert.equal(x.clear50, Math.log1p(1));
  });

  test('terms found anywhere: every term in some sentence, though no sentence has them all', () => {
    const split = [
      sentence('The sultanate ended that year.', { score: 0.5, similarity: 0.5, overlap: 0.5 }),
      sentence('The Ottoman rulers were abolished from power.', { score: 0.4, similarity: 0.4, overlap: 0.5 }),
    ];
    const m = termMatcher(
      queryTerms(q),
      split.map((s) => s.text),
      q,
    );
    const e = answerableEvidence(split, m, NOTHING_RETRIEVED);
    assert.ok(split.every((s) => m.overlap(s.text) < 1));
    assert.equal(e.anywhere, 1);
    const none = answerableEvidence(
      [sentence('Ankara became the capital in 1923.', { score: 0.1, similarity: 0.1, overlap: 0 })],
      m,
      NOTHING_RETRIEVED,
    );
    assert.equal(none.anywhere, 0);
  });

  test('fewer than three sentences: the means are over those there are', () => {
    const one = answerableFeatures(answerableEvidence([rows[0]!], matcher, NOTHING_RETRIEVED));
    assert.equal(one.top3, 0.7);
    assert.equal(one.margin, 0.7);
  });
});

describe('sentence scores read the passage too', () => {
  test("a sentence that leans on its passage for the question's words outranks a like one in an unrelated passage", async () => {
    const question = 'When was the University of Chicago founded?';
    const vectors = new SentenceVectors(fakeEmbedder);
    const q = fakeVector(question);
    const related = passage(
      'chicago',
      'The University of Chicago is a private research university in Illinois. It was established in 1890 by oil magnates.',
    );
    const unrelated = passage('midwest', 'Farming changed across the Midwest in those decades. The grange was established in 1890 there.');
    const passages = [related, unrelated].map((p) => ({ ...p, dense: cosine(q, fakeVector(p.text)) }));
    const { scored } = await scoreSentences(question, q, queryTerms(question), candidateSentences(passages), vectors);
    const rank = (start: string) => scored.findIndex((s) => s.text.startsWith(start));
    // Neither sentence holds a word of the question; one sits in the passage about it.
    assert.equal(scored[rank('It was established')]!.overlap, 0);
    assert.equal(scored[rank('The grange')]!.overlap, 0);
    // The other is even a little closer in meaning on its own (shorter, one shared word each).
    assert.ok(scored[rank('The grange')]!.similarity > scored[rank('It was established')]!.similarity);
    assert.ok(rank('It was established') < rank('The grange'));
    assert.ok(scored[rank('It was established')]!.passageOverlap > 0.5);
  });
});

describe('the shipped answerability model', () => {
  test('has a weight for every feature and a threshold in (0, 1)', () => {
    const model = answerWeights().answerable!;
    const { threshold } = model;
    assert.ok(threshold > 0 && threshold < 1);
    const names = Object.keys(answerableFeatures({ sentences: [], anywhere: 0, passages: [], unseen: 0 }));
    assert.deepEqual(Object.keys(model.weights).sort(), names.sort());
  });

  test('no candidate sentence at all: refused', () => {
    const nothing = answerableEvidence([], termMatcher([], []), NOTHING_RETRIEVED);
    assert.equal(answerableProbability(nothing), 0);
    assert.equal(isAnswerable(nothing), false);
  });

  test('a question a sentence answers in its own words is answered', async () => {
    assert.equal(
      isAnswerable(await evidenceFor('When was the Ottoman sultanate abolished by the Grand National Assembly?', ARTICLES)),
      true,
    );
  });

  test('a question about something else entirely is refused', async () => {
    assert.equal(isAnswerable(await evidenceFor('How many goals did the striker score in the cup final?', ARTICLES)), false);
  });

  test('the supported question is rated far above the unrelated one over the same articles', async () => {
    const supported = await evidenceFor('Which city became the capital of the Turkish republic in 1923?', ARTICLES);
    const unrelated = await evidenceFor('What is the price of coffee in Brazil this year?', ARTICLES);
    const p = answerableProbability;
    assert.ok(p(supported) > 0.5 && p(unrelated) < 0.1, `${p(supported)} vs ${p(unrelated)}`);
  });
});

describe('a year the question names', () => {
  test('the sentence that answers stays in scope when only its passage names the year', async () => {
    const question = "What was ABC's viewership share in 1993?";
    const q = fakeVector(question);
    const passages = [
      passage(
        'abc-1993',
        'In 1993, the FCC repealed the Financial Interest and Syndication Rules. ABC drew a viewership share of 23.63% of American households that season.',
      ),
      passage('nbc-2001', 'NBC lost viewers in 2001, its share down to 18%.'),
    ].map((p) => ({ ...p, dense: cosine(q, fakeVector(p.text)) }));
    const { scored, matcher } = await scoreSentences(
      question,
      q,
      queryTerms(question),
      candidateSentences(passages),
      new SentenceVectors(fakeEmbedder),
    );
    const share = scored.find((s) => s.text.startsWith('ABC drew'))!;
    assert.equal(share.inPeriod, true);
    assert.equal(scored.find((s) => s.text.startsWith('NBC'))!.inPeriod, false);
    const { answer } = await composeAnswer(question, scored, matcher);
    assert.match(answer, /23\.63% of American households/);
    assert.doesNotMatch(answer, /18%/);
  });
});

describe('sentence vectors', () => {
  test('a full cache still returns every vector asked for, the ones it held and the new ones', async () => {
    const vectors = new SentenceVectors(fakeEmbedder);
    const held = Array.from({ length: 20_000 }, (_, i) => `sentence ${i}`);
    await vectors.get(held);
    // "sentence 0" is the oldest held: remembering the new one pushes it out of the cache.
    const [old, fresh] = await vectors.get(['sentence 0', 'a new sentence']);
    assert.deepEqual(old, fakeVector('sentence 0'));
    assert.deepEqual(fresh, fakeVector('a new sentence'));
  });
});
