// The embedded default answerer: the retrieved sentences that best answer the question, each cited.
import { cosine } from '../shared/vector.ts';
import { tokenize } from '../shared/text.ts';
import type { Citation } from '../types.ts';
import { CitationList } from './citations.ts';
import { figuresFor, type Figure } from './figures.ts';
import type { TermMatcher } from './overlap.ts';
import { SCORING, type ScoredSentence } from './score.ts';

export interface Composed {
  answer: string;
  refused: boolean;
  citations: Citation[];
}

const MAX_SENTENCES = 4;

/** Same wording, or the same story retold: one of them is enough. */
export function nearDuplicate(a: ScoredSentence, b: ScoredSentence): boolean {
  if (cosine(a.vector, b.vector) >= 0.9) return true;
  const ta = new Set(tokenize(a.text));
  const tb = new Set(tokenize(b.text));
  const shared = [...ta].filter((t) => tb.has(t)).length;
  // Against the larger set: a short sentence inside a longer one that adds the answer is not a duplicate.
  return shared / Math.max(ta.size, tb.size) >= 0.75;
}

/** Calibrated on test/questions.json: see README, "Answering". */
export function isAnswerable(scored: ScoredSentence[]): boolean {
  const best = scored[0];
  if (!best || best.score < SCORING.answerable) return false;
  return scored.some((s) => s.score >= SCORING.answerable && (s.similarity >= SCORING.minSimilarity || s.overlap >= SCORING.minOverlap));
}

/** Figures from different times are not a disagreement: "13 calls last year" (2024) vs "10 this year" (2020). */
function samePeriod(a: ScoredSentence, b: ScoredSentence): boolean {
  const years = (s: ScoredSentence) => new Set([...s.text.matchAll(/\b(?:19|20)\d\d\b/g)].map((m) => m[0]));
  const ya = years(a);
  const yb = years(b);
  if (ya.size && yb.size && ![...ya].some((y) => yb.has(y))) return false;
  if (a.passage.date && b.passage.date) {
    return Math.abs(Number(a.passage.date.slice(0, 4)) - Number(b.passage.date.slice(0, 4))) <= 1;
  }
  return true;
}

/** Sentences from different articles that give different figures for the same thing at the same time. */
export function disagreement(scored: ScoredSentence[], matcher: TermMatcher, floor: number): ScoredSentence[] {
  const found: Array<{ s: ScoredSentence; f: Figure }> = [];
  for (const s of scored) {
    if (s.score < floor || found.length >= 3) break;
    if (s.otherPeriod || found.some((x) => x.s.passage.articleId === s.passage.articleId)) continue;
    const f = figuresFor(s.text, matcher)[0];
    if (f && found.every((x) => samePeriod(x.s, s))) found.push({ s, f });
  }
  return new Set(found.map((x) => x.f.value)).size >= 2 ? found.map((x) => x.s) : [];
}

function readableOrder(picked: ScoredSentence[]): ScoredSentence[] {
  // Best sentence first; sentences of one article stay together in their article's order.
  const articles = [...new Set(picked.map((s) => s.passage.articleId))];
  return articles.flatMap((id) => picked.filter((s) => s.passage.articleId === id).sort((a, b) => a.articleOffset - b.articleOffset));
}

export function composeAnswer(scored: ScoredSentence[], matcher: TermMatcher): Composed {
  if (!isAnswerable(scored)) {
    return { answer: "The articles don't cover this.", refused: true, citations: [] };
  }
  const best = scored[0]!;
  const floor = Math.max(SCORING.answerable, best.score * 0.75);
  const citations = new CitationList();

  const differing = disagreement(scored, matcher, Math.max(SCORING.answerable, best.score * 0.7));
  if (differing.length >= 2) {
    const parts = differing.map((s) => `${s.text} [${citations.cite(s.passage, s.text)}]`);
    return { answer: `The articles give different figures. ${parts.join(' ')}`, refused: false, citations: citations.list() };
  }

  const picked: ScoredSentence[] = [best];
  const alsoReported = new Map<ScoredSentence, ScoredSentence[]>();
  for (const s of scored.slice(1)) {
    if (s.score < floor || picked.length >= MAX_SENTENCES) break;
    const twin = picked.find((p) => nearDuplicate(p, s));
    if (twin) {
      // The same fact from another outlet: cite it too rather than repeat it.
      if (twin.passage.articleId !== s.passage.articleId) alsoReported.set(twin, [...(alsoReported.get(twin) ?? []), s]);
      continue;
    }
    picked.push(s);
  }
  const parts = readableOrder(picked).map((s) => {
    const ns = [
      citations.cite(s.passage, s.text),
      ...(alsoReported.get(s) ?? []).slice(0, 2).map((o) => citations.cite(o.passage, o.text)),
    ];
    return `${s.text} ${[...new Set(ns)].map((n) => `[${n}]`).join('')}`;
  });
  return { answer: parts.join(' '), refused: false, citations: citations.list() };
}
