// Fits the direct-answer model (src/answer/lead.ts) on the first half of SQuAD v1.1 dev and writes its
// weights into data/answer-weights.json; reports the same measures on the held-out half.
//
//   npm run fit [-- --limit N] [-- --dry-run]
//
// Each factoid question (who / when / where / how many / which month or year) is answered from the
// sentences of its own paragraph and of the two paragraphs of its article that share most of its words,
// scored by the product's sentence scorer, so the features are exactly those the answerer sees. A
// conditional logit (softmax over the question's candidate spans) ranks the spans, maximising the
// probability of those matching a gold answer exactly; a logistic model of the best span's F1 (cross-fitted)
// says when it is sure enough to show.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { candidateSentences } from './src/answer/candidates.ts';
import { confidenceFeatures, type LeadCandidate, leadCandidates, rankCandidates, wantedAnswer } from './src/answer/lead.ts';
import { answerWeights, type AnswerWeights, type Features, type LinearModel, linear, sigmoid, WEIGHTS_FILE } from './src/answer/model.ts';
import { scoreSentences } from './src/answer/score.ts';
import { cosine } from './src/shared/vector.ts';
import { SentenceVectors } from './src/answer/sentence-vectors.ts';
import { createEmbedder } from './src/embed/create.ts';
import { queryTerms } from './src/retrieve/terms.ts';
import { foldForMatch } from './src/shared/text.ts';
import { datasetPath, load1, makeTempDir, measuredConfig } from './eval/env.ts';
import { conditionalLogit, logistic } from './eval/logit.ts';
import { squadExact, squadF1 } from './eval/metrics.ts';
import { Progress } from './eval/progress.ts';
import { loadSquad, type SquadQuestion, splitSquad } from './eval/squad.ts';

const { values: args } = parseArgs({ options: { limit: { type: 'string' }, 'dry-run': { type: 'boolean' } } });

interface Group {
  q: SquadQuestion;
  candidates: LeadCandidate[];
  gold: boolean[];
}

async function groupsFor(questions: SquadQuestion[], label: string): Promise<Group[]> {
  const squad = loadSquad(datasetPath('squad-v1.1-dev', 'dev-v1.1.json'));
  const paragraphs = new Map(squad.paragraphs.map((p) => [p.id, p]));
  const tmp = makeTempDir('fit');
  const embedder = createEmbedder(measuredConfig(tmp, tmp));
  await embedder.init();
  const vectors = new SentenceVectors(embedder);
  const factoid = questions.filter((q) => wantedAnswer(q.question));
  const bar = new Progress(label, factoid.length);
  const groups: Group[] = [];
  try {
    for (const [i, q] of factoid.entries()) {
      const gold = paragraphs.get(q.gold)!;
      // As retrieval would give them: the gold paragraph among the two other paragraphs of its article
      // that share most of the question's words (the answerer reads several passages, not one).
      const terms = queryTerms(q.question);
      const article = q.gold.slice(0, q.gold.lastIndexOf('#'));
      const shared = (text: string) => terms.filter((t) => foldForMatch(text).includes(t.term)).length;
      const others = squad.paragraphs
        .filter((p) => p.id !== q.gold && p.id.startsWith(`${article}#`))
        .map((p) => ({ p, n: shared(p.text) }))
        .sort((a, b) => b.n - a.n)
        .slice(0, 2)
        .map((x) => x.p);
      const [queryVector] = await embedder.embed([q.question]);
      // Each passage with its cosine to the question, as retrieval hands them over (score.ts reads it).
      const given = [gold, ...others];
      const paragraphVectors = await vectors.get(given.map((p) => p.text));
      const passages = given.map((p, n) => ({
        chunkId: n,
        articleId: p.id,
        title: p.title,
        outlet: null,
        date: null,
        url: null,
        text: p.text,
        start: 0,
        end: p.text.length,
        score: 1 - n / 10,
        dense: cosine(queryVector!, paragraphVectors[n]!),
      }));
      const { scored } = await scoreSentences(q.question, queryVector!, terms, candidateSentences(passages), vectors);
      const candidates = leadCandidates(q.question, scored);
      groups.push({ q, candidates, gold: candidates.map((c) => squadExact(c.span.text, q.answers) === 1) });
      bar.tick(i + 1);
    }
  } finally {
    await embedder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return groups;
}

/** The span ranking: a conditional logit over each question's candidates (eval/logit.ts). */
function fitConditionalLogit(groups: Group[]): LinearModel {
  return conditionalLogit(groups.map((g) => ({ xs: g.candidates.map((c) => c.x), gold: g.gold })));
}

interface Shown {
  x: Features;
  /** Token F1 of the ranking's best span. */
  f1: number;
}

/** The ranking's best span of each question with candidates, as the confidence model sees it. */
function outcomes(groups: Group[], ranker: LinearModel): Shown[] {
  return groups
    .filter((g) => g.candidates.length)
    .map((g) => {
      const { p, top } = rankCandidates(g.candidates, ranker);
      return { x: confidenceFeatures(g.candidates, p, top), f1: squadF1(g.candidates[top]!.span.text, g.q.answers) };
    });
}

/**
 * Logistic regression of the best span's token F1 (a soft label) on confidenceFeatures. Its examples come
 * from rankers fitted on the other half of the training articles (cross-fitting): on its own training
 * questions a ranker is surer than it will be on new ones.
 */
function fitConfidence(groups: Group[]): { model: LinearModel; examples: Shown[] } {
  const article = (g: Group) => g.q.gold.slice(0, g.q.gold.lastIndexOf('#'));
  const titles = [...new Set(groups.map(article))];
  const fold = (g: Group) => titles.indexOf(article(g)) % 2;
  const examples = [0, 1].flatMap((f) =>
    outcomes(
      groups.filter((g) => fold(g) === f),
      fitConditionalLogit(groups.filter((g) => fold(g) !== f)),
    ),
  );
  const model = logistic(examples.map((e) => ({ x: e.x, y: e.f1 })));
  return { model, examples };
}

interface Models {
  ranker: LinearModel;
  confidence: LinearModel;
  threshold: number;
}

interface Measured {
  factoid: number;
  /** Questions whose candidates include a gold span at all (the ceiling of EM). */
  reachable: number;
  led: number;
  em: number;
  f1: number;
  /** EM and F1 of the best span when every question with a candidate is answered (threshold 0), as the
   * SQuAD paper's baselines answer: the reading measure, apart from the choice of when to show it. */
  alwaysEm: number;
  alwaysF1: number;
  /** Of the leads shown, the share exactly right. */
  shownExact: number;
}

/** EM and F1 of the lead over all factoid questions (no lead scores 0). */
function measure(groups: Group[], models: Models): Measured {
  const r: Measured = { factoid: groups.length, reachable: 0, led: 0, em: 0, f1: 0, alwaysEm: 0, alwaysF1: 0, shownExact: 0 };
  for (const g of groups) {
    if (g.gold.some(Boolean)) r.reachable++;
    if (!g.candidates.length) continue;
    const { p, top } = rankCandidates(g.candidates, models.ranker);
    const text = g.candidates[top]!.span.text;
    r.alwaysEm += squadExact(text, g.q.answers);
    r.alwaysF1 += squadF1(text, g.q.answers);
    if (sigmoid(linear(models.confidence, confidenceFeatures(g.candidates, p, top))) < models.threshold) continue;
    r.led++;
    r.em += squadExact(text, g.q.answers);
    r.f1 += squadF1(text, g.q.answers);
  }
  const pct = (x: number, of = r.factoid) => Number(((100 * x) / (of || 1)).toFixed(1));
  return {
    ...r,
    em: pct(r.em),
    f1: pct(r.f1),
    alwaysEm: pct(r.alwaysEm),
    alwaysF1: pct(r.alwaysF1),
    shownExact: pct(r.em, r.led),
  };
}

/**
 * The lowest confidence at which a lead is shown: a wrong bold answer misleads as much as a right one
 * helps, so a shown lead counts F1 − (1 − F1); the threshold maximising the sum over the cross-fitted
 * training outcomes (cross-fitted) is kept.
 */
function chooseThreshold(examples: Shown[], confidence: LinearModel): number {
  const shown = examples.map((o) => ({ c: sigmoid(linear(confidence, o.x)), f1: o.f1 }));
  let best = { t: 0, value: Number.NEGATIVE_INFINITY };
  for (let t = 0.2; t <= 0.8; t += 0.02) {
    const value = shown.filter((o) => o.c >= t).reduce((sum, o) => sum + o.f1 - (1 - o.f1), 0);
    if (value > best.value) best = { t: Number(t.toFixed(2)), value };
  }
  return best.t;
}


async function main(): Promise<void> {
  const squad = loadSquad(datasetPath('squad-v1.1-dev', 'dev-v1.1.json'));
  const { training } = splitSquad(squad);
  const limit = args.limit ? Number(args.limit) : Number.POSITIVE_INFINITY;
  const train = await groupsFor(training.slice(0, limit), 'fit: training half');
  const out = train.map((g) => ({
    q: g.q.question,
    gold: g.q.answers,
    key: g.candidates[0]?.key ?? wantedAnswer(g.q.question)?.key,
    reachable: g.gold.some(Boolean),
    inRead: [...new Set(g.candidates.map((c) => c.s.text))].some((t) => g.q.answers.some((a) => foldForMatch(t).includes(foldForMatch(a)))),
    cands: g.candidates.map((c) => `${c.span.kind}:${c.span.text}`),
    top: g.candidates.length ? (() => { const { p, top } = rankCandidates(g.candidates, answerWeights().lead); const c = g.candidates[top]!; return { text: c.span.text, p: p[top], sent: c.s.text, goldSents: g.candidates.filter((_, i) => g.gold[i]).map((x) => `${x.span.text} @ ${x.s.text.slice(0, 200)}`).slice(0, 2) }; })() : null,
    sents: [...new Set(g.candidates.map((c) => c.s.text))].slice(0, 3),
  }));
  fs.writeFileSync('/tmp/lead-dump.json', JSON.stringify(out, null, 1));
}
await main();
