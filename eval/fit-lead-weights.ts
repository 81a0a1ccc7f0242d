// Fits the direct-answer model (src/answer/lead.ts) on the first half of SQuAD v1.1 dev and writes its
// weights into data/answer-weights.json; reports the same measures on the held-out half.
//
//   npm run fit [-- --limit N] [-- --dry-run] [-- --vector-cache FILE]
//
// --vector-cache keeps the sentence and span embeddings in a SQLite file (src/embed/embedding-cache.ts) that
// the next fit reads back: most of a fit's 13 minutes is embedding them, and they do not change between fits.
//
// Each factoid question (who / when / where / how many / which month or year) is answered from the
// sentences of its own paragraph and of the two paragraphs of its article that share most of its words,
// scored by the product's sentence scorer, so the features are exactly those the answerer sees. A
// conditional logit (softmax over the question's candidate spans) ranks the spans, maximising the
// probability of those matching a gold answer exactly; a logistic model of the best span's F1 (cross-fitted)
// says when it is sure enough to show. Both are fitted twice: over the candidates' features alone (for any
// embedder) and with each span's embedding by the bundled model too (lead.ts withSpanVectors), which the
// product uses with that model.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { candidateSentences } from '../src/answer/candidates.ts';
import {
  confidenceFeatures,
  type LeadCandidate,
  leadCandidates,
  rankCandidates,
  wantedAnswer,
  withSpanVectors,
} from '../src/answer/lead.ts';
import { type Features, type LinearModel, linear, sigmoid } from '../src/answer/model.ts';
import { scoreSentences } from '../src/answer/score.ts';
import { cosine } from '../src/shared/vector.ts';
import { SentenceVectors } from '../src/answer/sentence-vectors.ts';
import { createEmbedder } from '../src/embed/create.ts';
import { EmbeddingCache } from '../src/embed/embedding-cache.ts';
import { queryTerms } from '../src/retrieve/terms.ts';
import { foldForMatch } from '../src/shared/text.ts';
import { datasetPath, makeTempDir, measuredConfig } from './env.ts';
import { writeWeights } from './weights.ts';
import { conditionalLogit, logistic } from './logit.ts';
import { squadExact, squadF1 } from './metrics.ts';
import { Progress } from './progress.ts';
import { loadSquad, type SquadQuestion, splitSquad } from './squad.ts';

const { values: args } = parseArgs({
  options: { limit: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'vector-cache': { type: 'string' } },
});

interface Group {
  q: SquadQuestion;
  candidates: LeadCandidate[];
  gold: boolean[];
}

/** Each question's candidates as ranked with another embedder (`plain`) and with the bundled model's span
 * vectors (`vectored`, lead.ts withSpanVectors). */
async function groupsFor(questions: SquadQuestion[], label: string): Promise<{ plain: Group[]; vectored: Group[] }> {
  const squad = loadSquad(datasetPath('squad-v1.1-dev', 'dev-v1.1.json'));
  const paragraphs = new Map(squad.paragraphs.map((p) => [p.id, p]));
  const tmp = makeTempDir('fit');
  const embedder = createEmbedder(measuredConfig(tmp, tmp));
  const info = await embedder.init();
  const cacheFile = args['vector-cache'];
  const store = cacheFile
    ? new EmbeddingCache({
        file: path.resolve(cacheFile),
        model: `${info.provider}:${info.model}:${info.dimension}`,
        maxRows: 1_000_000,
        onError: (e) => console.error(e.message),
      })
    : null;
  const vectors = new SentenceVectors(embedder, { store });
  const factoid = questions.filter((q) => wantedAnswer(q.question));
  const bar = new Progress(label, factoid.length);
  const plain: Group[] = [];
  const vectored: Group[] = [];
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
      const right = candidates.map((c) => squadExact(c.text, q.answers) === 1);
      plain.push({ q, candidates, gold: right });
      vectored.push({ q, candidates: await withSpanVectors(candidates, vectors, q.question), gold: right });
      bar.tick(i + 1);
    }
  } finally {
    await embedder.close();
    store?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { plain, vectored };
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
      return { x: confidenceFeatures(g.candidates, p, top), f1: squadF1(g.candidates[top]!.text, g.q.answers) };
    });
}

/**
 * Logistic regression of the best span's token F1 (a soft label) on confidenceFeatures. Its examples come
 * from rankers fitted on the other half of the training articles (cross-fitting): on its own training
 * questions a ranker is surer than it will be on new ones.
 */
function fitConfidence(groups: Group[]): LinearModel {
  const article = (g: Group) => g.q.gold.slice(0, g.q.gold.lastIndexOf('#'));
  const titles = [...new Set(groups.map(article))];
  const fold = (g: Group) => titles.indexOf(article(g)) % 2;
  const examples = [0, 1].flatMap((f) =>
    outcomes(
      groups.filter((g) => fold(g) === f),
      fitConditionalLogit(groups.filter((g) => fold(g) !== f)),
    ),
  );
  return logistic(examples.map((e) => ({ x: e.x, y: e.f1 })));
}

interface Models {
  ranker: LinearModel;
  confidence: LinearModel;
  threshold: number;
  tentative: number;
}

interface Measured {
  factoid: number;
  /** Questions whose candidates include a gold span at all (the ceiling of EM). */
  reachable: number;
  led: number;
  em: number;
  f1: number;
  /** Leads offered as "possibly" (below the bold threshold), and EM and F1 of the bold and offered leads
   * together (eval/answers.ts's offeredExact/offeredF1 are sums over the offered ones only). */
  offered: number;
  withOfferedEm: number;
  withOfferedF1: number;
  /** EM and F1 of the best span when every question with a candidate is answered (threshold 0), as the
   * SQuAD paper's baselines answer: the reading measure, apart from the choice of when to show it. */
  alwaysEm: number;
  alwaysF1: number;
  /** Of the leads shown, the share exactly right. */
  shownExact: number;
  /** What bold leads are worth to readers (the bold threshold is its break-even), per 100 factoid questions:
   * each bold lead's F1 minus its (1 − F1). F1 alone rises with every lead shown, right or wrong; this does not. */
  boldValue: number;
}

/** EM and F1 of the lead over all factoid questions (no lead scores 0). */
function measure(groups: Group[], models: Models): Measured {
  const r: Measured = {
    factoid: groups.length,
    reachable: 0,
    led: 0,
    em: 0,
    f1: 0,
    offered: 0,
    withOfferedEm: 0,
    withOfferedF1: 0,
    alwaysEm: 0,
    alwaysF1: 0,
    shownExact: 0,
    boldValue: 0,
  };
  for (const g of groups) {
    if (g.gold.some(Boolean)) r.reachable++;
    if (!g.candidates.length) continue;
    const { p, top } = rankCandidates(g.candidates, models.ranker);
    const text = g.candidates[top]!.text;
    r.alwaysEm += squadExact(text, g.q.answers);
    r.alwaysF1 += squadF1(text, g.q.answers);
    const c = sigmoid(linear(models.confidence, confidenceFeatures(g.candidates, p, top)));
    if (c < models.tentative) continue;
    r.withOfferedEm += squadExact(text, g.q.answers);
    r.withOfferedF1 += squadF1(text, g.q.answers);
    if (c < models.threshold) {
      r.offered++;
      continue;
    }
    r.led++;
    r.em += squadExact(text, g.q.answers);
    r.f1 += squadF1(text, g.q.answers);
    r.boldValue += 2 * squadF1(text, g.q.answers) - 1;
  }
  const pct = (x: number, of = r.factoid) => Number(((100 * x) / (of || 1)).toFixed(1));
  return {
    ...r,
    em: pct(r.em),
    f1: pct(r.f1),
    withOfferedEm: pct(r.withOfferedEm),
    withOfferedF1: pct(r.withOfferedF1),
    alwaysEm: pct(r.alwaysEm),
    alwaysF1: pct(r.alwaysF1),
    shownExact: pct(r.em, r.led),
    boldValue: pct(r.boldValue),
  };
}

/**
 * The lowest confidence at which a lead is shown in bold, and the lowest at which one is offered as
 * "Possibly **X**". The confidence model estimates the span's expected token F1 (a logistic regression with
 * F1 as its soft label, fitted on cross-fitted rankings), so each threshold is the break-even point of what
 * a lead is worth to the reader: a bold lead counts F1 − cost × (1 − F1), a wrong one misleading as much
 * as a right one helps (cost 1: shown when F1 ≥ 1/2); an offered one is misleading half as much, since the
 * reader is told it is only likely (cost 1/2: offered when F1 ≥ 1/3). Until 2026-12-04 each was the best
 * of a grid over the training outcomes; the summed worth is flat from 0.42 to 0.66 (within 1.2 points per
 * 100 questions on the held-out half), so the grid's choice moved between 0.52 and 0.58 from fit to fit and
 * the shown figures with it. `calibration` checks that the estimate is one.
 */
const breakEven = (cost: number) => Number((cost / (1 + cost)).toFixed(3));
const BOLD_COST = 1;
const OFFERED_COST = 0.5;

/** Mean confidence and mean F1 of the best spans in bands of confidence: a calibrated estimate has them equal. */
function calibration(
  groups: Group[],
  models: Pick<Models, 'ranker' | 'confidence'>,
): Array<{ band: string; n: number; confidence: number; f1: number }> {
  const rows = groups
    .filter((g) => g.candidates.length)
    .map((g) => {
      const { p, top } = rankCandidates(g.candidates, models.ranker);
      return {
        c: sigmoid(linear(models.confidence, confidenceFeatures(g.candidates, p, top))),
        f1: squadF1(g.candidates[top]!.text, g.q.answers),
      };
    });
  return Array.from({ length: 5 }, (_, i) => {
    const band = rows.filter((r) => r.c >= i / 5 && (r.c < (i + 1) / 5 || i === 4));
    const mean = (f: (r: { c: number; f1: number }) => number) =>
      Number((band.reduce((s, r) => s + f(r), 0) / (band.length || 1)).toFixed(2));
    return { band: `${i / 5}-${(i + 1) / 5}`, n: band.length, confidence: mean((r) => r.c), f1: mean((r) => r.f1) };
  });
}

/** Both models of one set of candidates, with the same thresholds. */
function fitModels(train: Group[]): Models {
  return {
    ranker: fitConditionalLogit(train),
    confidence: fitConfidence(train),
    threshold: breakEven(BOLD_COST),
    tentative: breakEven(OFFERED_COST),
  };
}

/** The measures of one model pair on both halves. */
function reportOf(train: Group[], test: Group[], models: Models) {
  // The questions factoid before "which …" / "what …" ones were (2026-12-04), comparable with earlier fits.
  const before = (gs: Group[]) => gs.filter((g) => !wantedAnswer(g.q.question)?.askedKind);
  return { training: measure(train, models), heldOut: measure(test, models), heldOutWithoutWhat: measure(before(test), models) };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const squad = loadSquad(datasetPath('squad-v1.1-dev', 'dev-v1.1.json'));
  const { training, heldOut } = splitSquad(squad);
  const limit = args.limit ? Number(args.limit) : Number.POSITIVE_INFINITY;
  const train = await groupsFor(training.slice(0, limit), 'fit: training half');
  const test = await groupsFor(heldOut.slice(0, limit), 'fit: held-out half');
  const plain = fitModels(train.plain);
  const vectored = fitModels(train.vectored);
  const report = {
    withVectors: reportOf(train.vectored, test.vectored, vectored),
    withoutVectors: reportOf(train.plain, test.plain, plain),
  };
  const { threshold, tentative } = vectored;
  console.log(JSON.stringify({ threshold, tentative, ...report, heldOutCalibration: calibration(test.vectored, vectored) }, null, 1));
  if (args['dry-run']) return;
  writeWeights(
    'lead',
    {
      script: 'eval/fit-lead-weights.ts',
      data: 'SQuAD v1.1 dev, articles 0-23 (eval/squad.ts splitSquad); each question answered from its own paragraph and the two of its article sharing most of its words',
      measures:
        'EM and F1 (%) of the lead span over all factoid questions; no lead scores 0. em/f1: bold leads only; withOfferedEm/withOfferedF1: bold and "possibly" leads. withVectors: the ranking over span vectors too (the bundled embedding model); withoutVectors: without (any other embedder)',
      ...report,
    },
    t0,
    (weights) => ({
      lead: plain.ranker,
      leadConfidence: plain.confidence,
      leadWithVectors: { ranker: vectored.ranker, confidence: vectored.confidence },
      thresholds: { ...weights.thresholds, lead: threshold, tentative },
    }),
  );
}

await main();
