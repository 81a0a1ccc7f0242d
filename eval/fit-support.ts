// Measures the support threshold (src/answer/support.ts: how well a passage must cover a sentence, once it
// states all of the sentence's names, numbers and dates) on SQuAD v1.1 dev: the point of the first half's
// near misses that it would be calibrated to, how that point and the shipped threshold do on the held-out
// half, and with --write puts that point into data/answer-weights.json "thresholds.support".
//
//   npm run fit:support [-- --limit N] [-- --write]
//
// A near miss is what the threshold exists for: a passage on the same subject that states every fact of a
// sentence without saying it. For each question, the sentence of its paragraph that holds a gold answer is
// checked against the paragraph of another section of its article that resembles it most (the passage
// retrieval would put beside it); when that paragraph states all of the sentence's facts, its support
// score is a near miss's. The threshold is the score below which `REJECT` of the near misses fall. (A
// passage that holds the sentence itself is supported by rule, whatever the threshold.)
//
// It reports; it writes only with --write. Its 95% point on the first half is 0.73, and at 0.73 two of the 23
// hand-labelled near misses of test/fixtures/support-claims.json ("a fact of the same story the passage does
// not state") are supported, which none is at the shipped 0.76 (97.2% of the held-out half's near misses
// refused). SQuAD's near misses are another section of an encyclopaedia article; a news story's are closer.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type AnswerWeights, WEIGHTS_FILE } from '../src/answer/model.ts';
import { SentenceVectors } from '../src/answer/sentence-vectors.ts';
import { checkSupport } from '../src/answer/support.ts';
import { splitSentences } from '../src/chunk/sentences.ts';
import { createEmbedder } from '../src/embed/create.ts';
import { cosine } from '../src/shared/vector.ts';
import { datasetPath, makeTempDir, measuredConfig } from './env.ts';
import { writeWeights } from './weights.ts';
import { Progress } from './progress.ts';
import { loadSquad, type SquadParagraph, type SquadQuestion, splitSquad } from './squad.ts';

const { values: args } = parseArgs({ options: { limit: { type: 'string' }, write: { type: 'boolean' } } });

/** The share of near misses the threshold rejects. */
const REJECT = 0.95;

interface Scores {
  /** Support scores of near misses (another section stating all the sentence's facts). */
  nearMisses: number[];
  /** Distinct gold sentences checked (a near miss was found for some of them). */
  sentences: number;
}

async function nearMissScores(questions: SquadQuestion[], paragraphs: SquadParagraph[], label: string): Promise<Scores> {
  const byId = new Map(paragraphs.map((p) => [p.id, p]));
  const tmp = makeTempDir('fit-support');
  const embedder = createEmbedder(measuredConfig(tmp, tmp));
  await embedder.init();
  const vectors = new SentenceVectors(embedder);
  const seen = new Set<string>();
  const out: Scores = { nearMisses: [], sentences: 0 };
  const bar = new Progress(label, questions.length);
  try {
    for (const [i, q] of questions.entries()) {
      bar.tick(i + 1);
      const gold = byId.get(q.gold)!;
      const sentence = splitSentences(gold.text)
        .map((s) => gold.text.slice(s.start, s.end))
        .find((s) => q.answers.some((a) => s.includes(a)));
      if (!sentence || seen.has(sentence)) continue;
      seen.add(sentence);
      out.sentences++;
      const article = q.gold.slice(0, q.gold.lastIndexOf('#'));
      const others = paragraphs.filter((p) => p.id !== q.gold && p.id.startsWith(`${article}#`));
      if (!others.length) continue;
      const [sentenceVector, ...otherVectors] = await vectors.get([sentence, ...others.map((p) => p.text)]);
      let best = 0;
      others.forEach((_, n) => {
        if (cosine(sentenceVector!, otherVectors[n]!) > cosine(sentenceVector!, otherVectors[best]!)) best = n;
      });
      const passage = others[best]!.text;
      const passageSentences = splitSentences(passage).map((s) => passage.slice(s.start, s.end));
      const support = checkSupport(sentence, passage, {
        vectors: { sentence: sentenceVector!, passageSentences: await vectors.get(passageSentences) },
        threshold: 0,
      });
      if (support.missing.length === 0) out.nearMisses.push(support.score);
    }
  } finally {
    await embedder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/** The score at or above which a share `1 − reject` of the scores lie (rounded to hundredths, upward). */
function quantile(scores: number[], reject: number): number {
  const sorted = [...scores].sort((a, b) => a - b);
  const at = sorted[Math.min(sorted.length - 1, Math.floor(reject * sorted.length))] ?? 1;
  return Math.ceil(at * 100) / 100;
}

const rejected = (scores: number[], threshold: number) =>
  Number(((100 * scores.filter((s) => s < threshold).length) / (scores.length || 1)).toFixed(1));

async function main(): Promise<void> {
  const t0 = performance.now();
  const squad = loadSquad(datasetPath('squad-v1.1-dev', 'dev-v1.1.json'));
  const { training, heldOut } = splitSquad(squad);
  const limit = args.limit ? Number(args.limit) : Number.POSITIVE_INFINITY;
  const train = await nearMissScores(training.slice(0, limit), squad.paragraphs, 'fit:support training half');
  const threshold = quantile(train.nearMisses, REJECT);
  const test = await nearMissScores(heldOut.slice(0, limit), squad.paragraphs, 'fit:support held-out half');
  const current = JSON.parse(fs.readFileSync(WEIGHTS_FILE, 'utf8')) as AnswerWeights;
  const report = {
    threshold,
    shipped: current.thresholds.support,
    training: { sentences: train.sentences, nearMisses: train.nearMisses.length, rejectedPct: rejected(train.nearMisses, threshold) },
    heldOut: {
      sentences: test.sentences,
      nearMisses: test.nearMisses.length,
      rejectedPct: rejected(test.nearMisses, threshold),
      rejectedAtShippedPct: rejected(test.nearMisses, current.thresholds.support),
    },
  };
  console.log(JSON.stringify(report, null, 1));
  if (!args.write) return;
  writeWeights(
    'support',
    {
      script: 'eval/fit-support.ts',
      data: 'SQuAD v1.1 dev, articles 0-23: each question’s gold sentence against the most similar paragraph of another section of its article, when that paragraph states all of the sentence’s facts',
      measures: `threshold: the score below which ${100 * REJECT}% of the training near misses fall; rejectedPct: near misses refused at it`,
      ...report,
    },
    t0,
    (weights) => ({ thresholds: { ...weights.thresholds, support: threshold } }),
  );
}

await main();
