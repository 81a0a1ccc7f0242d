// Extractive summaries: the central sentences of one article, or the key points of a topic across articles.
import { centroid, cosine, mmr } from '../shared/vector.ts';
import type { Retrieved } from '../retrieve/retriever.ts';
import type { Snapshot } from '../store/snapshot.ts';
import type { Citation, Passage } from '../types.ts';
import { candidateSentences } from './candidates.ts';
import { CitationList } from './citations.ts';
import { answerableEvidence, isAnswerable } from './answerable.ts';
import { disagreement, nearDuplicate } from './extractive.ts';
import { scoreSentences, type ScoredSentence } from './score.ts';
import type { SentenceVectors } from './sentence-vectors.ts';
import { leansOnPrevious } from './standalone.ts';
import { groupBySubtopic } from './subtopics.ts';

export interface Summary {
  summary: string;
  refused: boolean;
  citations: Citation[];
}

/** About five sentences of one article, the most central to it, in the article's order. */
export async function summarizeArticle(snapshot: Snapshot, articleId: string, vectors: SentenceVectors, count = 5): Promise<Summary> {
  const info = snapshot.db.article(articleId)!;
  const passages: Passage[] = snapshot.db.chunksOf(articleId).map((c) => ({
    chunkId: c.id,
    articleId,
    title: info.title,
    label: info.label ?? null,
    outlet: info.outlet,
    date: info.date,
    url: info.url,
    text: c.text,
    start: c.start,
    end: c.end,
    score: 1,
  }));
  const candidates = candidateSentences(passages);
  if (candidates.length === 0) return { summary: 'This article has no full sentences to summarise.', refused: true, citations: [] };
  const vecs = await vectors.get(candidates.map((c) => c.text));
  const center = centroid(vecs);
  const scored = candidates.map((c, i) => ({
    ...c,
    vector: vecs[i]!,
    similarity: 0,
    overlap: 0,
    passageOverlap: 0,
    passageSimilarity: 0,
    otherPeriod: false,
    inPeriod: false,
    // News puts what matters first: the lead gets a bonus.
    score: cosine(vecs[i]!, center) + (i === 0 ? 0.12 : i < 3 ? 0.06 : 0),
  }));
  // MMR: central sentences, but not five ways of saying the same thing.
  // A quote cut off before its closing mark cannot stand alone.
  const pool = scored.filter((s) => !/^[“"]/.test(s.text) || /[”"]/.test(s.text.slice(1)));
  const picked = mmr(pool, count, { relevance: (s) => s.score, vector: (s) => s.vector, lambda: 0.7, sameAs: nearDuplicate });
  const citations = new CitationList();
  const text = picked
    .sort((a, b) => a.articleOffset - b.articleOffset)
    .map((s) => `${s.text} [${citations.cite(s.passage, s.text)}]`)
    .join(' ');
  return { summary: text, refused: false, citations: citations.list() };
}

/** Key points on a topic from several articles, each cited, with figures the outlets disagree on called out. */
export async function summarizeTopic(topic: string, retrieved: Retrieved, vectors: SentenceVectors, maxPoints = 6): Promise<Summary> {
  const candidates = candidateSentences(retrieved.passages);
  const { scored, matcher } = await scoreSentences(topic, retrieved.queryVector, retrieved.terms, candidates, vectors);
  if (!isAnswerable(answerableEvidence(scored, matcher, retrieved)))
    return { summary: `The articles don't cover "${topic}".`, refused: true, citations: [] };
  const relevant = scored.filter((s) => s.score >= scored[0]!.score * 0.6);
  const center = centroid(relevant.map((s) => s.vector));
  // Relevance to the topic, plus centrality among the relevant sentences: what several articles agree matters.
  const ranked = relevant
    .map((s) => ({ s, value: 0.7 * s.score + 0.3 * cosine(s.vector, center) }))
    .sort((a, b) => b.value - a.value)
    .map((x) => x.s);

  const perArticle = new Map<string, number>();
  const picked: ScoredSentence[] = [];
  const alsoIn = new Map<ScoredSentence, ScoredSentence[]>();
  for (const s of ranked) {
    if (picked.length >= maxPoints) break;
    // A point is read alone, away from its article: "He added that …" or a speakerless quote is not one.
    if (leansOnPrevious(s.text)) continue;
    const twin = picked.find((p) => nearDuplicate(p, s));
    if (twin) {
      // Another outlet is cited for the point only when its passage holds it word for word (a wire copy).
      if (twin.passage.articleId !== s.passage.articleId && s.passage.text.includes(twin.text))
        alsoIn.set(twin, [...(alsoIn.get(twin) ?? []), s]);
      continue;
    }
    if ((perArticle.get(s.passage.articleId) ?? 0) >= 2) continue;
    perArticle.set(s.passage.articleId, (perArticle.get(s.passage.articleId) ?? 0) + 1);
    picked.push(s);
  }

  const citations = new CitationList();
  const bullet = (s: ScoredSentence) => {
    const ns = [s, ...(alsoIn.get(s) ?? []).slice(0, 2)].map((x) => citations.cite(x.passage, s.text));
    return `- ${s.text} ${[...new Set(ns)].map((n) => `[${n}]`).join('')}`;
  };
  // Points grouped by sub-topic, each group under the name its points share ("Cavusoglu:", "NATO:").
  const groups = groupBySubtopic(
    picked,
    topic,
    retrieved.passages.map((p) => p.text),
  );
  const lines = groups.flatMap((g) => {
    const heading = g.heading ?? (groups.length > 1 ? 'Also' : null);
    return [...(heading ? [`${heading}:`] : []), ...g.points.map(bullet)];
  });

  // Different figures for the same thing in different articles, at the same time.
  const differing = disagreement(relevant, matcher, 0);
  if (differing.length >= 2) {
    const parts = differing.map(({ s, f }) => `"${f.phrase} ${f.about}" [${citations.cite(s.passage, s.text)}]`);
    lines.push(`- Outlets differ on the figures: ${parts.join(' vs ')}.`);
  }
  return { summary: lines.join('\n'), refused: false, citations: citations.list() };
}
