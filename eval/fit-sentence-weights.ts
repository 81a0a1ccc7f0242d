// Fits the weights of a candidate sentence's score (src/answer/score.ts sentenceFeatures) on the first half
// of SQuAD v1.1 dev and writes them into data/answer-weights.json "sentence"; reports on the held-out half.
//
//   npm run fit:sentences [-- --limit N] [-- --index-dir DIR] [-- --dry-run]
//
// Each question is asked as the product asks it: retrieval over an index of all 2,067 paragraphs, then the
// sentences of the retrieved passages scored. A conditional logit (softmax over the question's scored
// sentences) maximises the probability of the sentences holding a gold answer; the weights are then scaled
// so that the four measures' weights sum to 1, the scale the answerer's floors and refusal model are set in.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { answerType } from '../src/answer/answer-type.ts';
import { candidateSentences } from '../src/answer/candidates.ts';
import { type AnswerWeights, type Features, type LinearModel, linear, WEIGHTS_FILE } from '../src/answer/model.ts';
import { sentenceFeatures, scoreSentences } from '../src/answer/score.ts';
import { SentenceVectors } from '../src/answer/sentence-vectors.ts';
import { openArchive } from '../src/archive.ts';
import { createEmbedder } from '../src/embed/create.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { retrieve } from '../src/retrieve/retriever.ts';
import { foldForMatch } from '../src/shared/text.ts';
import { closeSnapshot, openSnapshot } from '../src/store/snapshot.ts';
import { buildIndex } from './build-index.ts';
import { datasetPath, makeTempDir, measuredConfig, sharedEmbedder } from './env.ts';
import { writeWeights } from './weights.ts';
import { conditionalLogit } from './logit.ts';
import { Progress } from './progress.ts';
import { evenSample, loadSquad, type SquadQuestion, splitSquad, writeSquadArticles } from './squad.ts';
import type { Config } from '../src/config.ts';

const { values: args } = parseArgs({
  options: { limit: { type: 'string' }, 'index-dir': { type: 'string' }, 'dry-run': { type: 'boolean' } },
});

const MEASURES = ['similarity', 'overlap', 'passageOverlap', 'passageSimilarity'] as const;

interface Group {
  xs: Features[];
  gold: boolean[];
}

async function groupsFor(questions: SquadQuestion[], config: Config, embedder: Embedder, label: string): Promise<Group[]> {
  const snapshot = openSnapshot(config.indexDir);
  if (!snapshot) throw new Error(`No index in ${config.indexDir}`);
  const vectors = new SentenceVectors(embedder);
  const bar = new Progress(label, questions.length);
  const groups: Group[] = [];
  try {
    for (const [i, q] of questions.entries()) {
      const retrieved = await retrieve(snapshot, embedder, q.question, { ...config.retrieval, keywordText: q.question });
      const { scored } = await scoreSentences(
        q.question,
        retrieved.queryVector,
        retrieved.terms,
        candidateSentences(retrieved.passages),
        vectors,
      );
      const wanted = answerType(q.question);
      const answers = q.answers.map(foldForMatch);
      groups.push({
        xs: scored.map((s) => sentenceFeatures(wanted, s, q.question, s)),
        gold: scored.map((s) => answers.some((a) => foldForMatch(s.text).includes(a))),
      });
      bar.tick(i + 1);
    }
  } finally {
    closeSnapshot(snapshot);
  }
  return groups;
}

/** How often the best sentence, and one of the best three, holds a gold answer (%), over all questions. */
function measure(groups: Group[], model: LinearModel): { top1: number; top3: number } {
  let top1 = 0;
  let top3 = 0;
  for (const g of groups) {
    const order = g.xs.map((x, i) => ({ i, s: linear(model, x) })).sort((a, b) => b.s - a.s);
    if (order[0] && g.gold[order[0].i]) top1++;
    if (order.slice(0, 3).some((o) => g.gold[o.i])) top3++;
  }
  const pct = (n: number) => Number(((100 * n) / (groups.length || 1)).toFixed(1));
  return { top1: pct(top1), top3: pct(top3) };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const squad = loadSquad(datasetPath('squad-v1.1-dev', 'dev-v1.1.json'));
  const { training, heldOut } = splitSquad(squad);
  const limit = args.limit ? Number(args.limit) : 2000;
  const tmp = makeTempDir('fit-sentences');
  const articlesDir = path.join(tmp, 'squad-articles');
  fs.mkdirSync(articlesDir);
  writeSquadArticles(squad.paragraphs, articlesDir);
  const config = measuredConfig(articlesDir, args['index-dir'] ? path.resolve(args['index-dir']) : path.join(tmp, 'index'));
  const embedder = createEmbedder(config);
  await embedder.init();
  try {
    const archive = await openArchive(config, { embedder: sharedEmbedder(embedder) });
    await buildIndex(archive, 'SQuAD index');
    await archive.close();
    const train = await groupsFor(evenSample(training, limit), config, embedder, 'fit: training half');
    const fitted = conditionalLogit(train);
    // The scale of a score, not its ranking, is what floors and the refusal model read: the four measures'
    // weights sum to 1, so a score stays a weighted mean of numbers in [0, 1] (plus the answer-type bonus).
    const scale = MEASURES.reduce((sum, k) => sum + (fitted.weights[k] ?? 0), 0);
    const sentence: LinearModel = {
      weights: Object.fromEntries(Object.entries(fitted.weights).map(([k, w]) => [k, Number((w / scale).toFixed(4))])),
      bias: 0,
    };
    const test = await groupsFor(evenSample(heldOut, limit), config, embedder, 'fit: held-out half');
    const current = JSON.parse(fs.readFileSync(WEIGHTS_FILE, 'utf8')) as AnswerWeights;
    const report = {
      questions: { training: train.length, heldOut: test.length },
      before: { training: measure(train, current.sentence), heldOut: measure(test, current.sentence) },
      after: { training: measure(train, sentence), heldOut: measure(test, sentence) },
    };
    console.log(JSON.stringify({ sentence, ...report }, null, 1));
    if (args['dry-run']) return;
    writeWeights(
      'sentence',
      {
        script: 'eval/fit-sentence-weights.ts',
        data: `SQuAD v1.1 dev: ${train.length} questions spread over articles 0-23, asked against all 2,067 paragraphs`,
        measures: 'share of questions (%) whose best sentence (top1) or one of the best three (top3) holds a gold answer',
        ...report,
      },
      t0,
      () => ({ sentence }),
    );
  } finally {
    await embedder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
