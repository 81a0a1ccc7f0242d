// `npm run eval`: retrieval and answer quality on SQuAD v1.1 dev and on the project's question set.
// Tables go to stdout, progress to stderr, everything measured to eval/results/latest.json.
//
//   --asks N          SQuAD questions sent through the full ask() path (default 1000, spread evenly; 0 = none)
//   --squad-limit N   evaluate retrieval on N questions only (a quick check; default all 10,570)
//   --index-dir DIR   build (or reuse) the SQuAD index there and keep it, instead of a temp folder
//   --questions FILE  the project's question set (default test/questions.json)
//   --answerer llm    answers by the configured chat model (OPENAI_*; see eval/model.ts): answer tables plus the
//                     model's (citations supported, refusals, fallbacks); SQuAD retrieval sweeps are skipped and
//                     --asks defaults to 200 (each is a model call)
//   --no-reuters      skip the Reuters-21578 date questions; --reuters-only runs only them
//   --reuters-index-dir DIR  build (or reuse) the Reuters index there
//   --no-counterfactual  skip the counterfactual BBC sources; --counterfactual-only runs only them
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openArchive } from '../src/archive.ts';
import { createEmbedder } from '../src/embed/create.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { closeSnapshot, openSnapshot } from '../src/store/snapshot.ts';
import { squadAnswers, type AnswerSummary } from './answers.ts';
import { buildIndex } from './build-index.ts';
import { comparisons, comparisonTable, type NamedComparison } from './compare.ts';
import {
  datasetPath,
  load1,
  machine,
  makeTempDir,
  measuredConfig,
  REPO_ROOT,
  revision,
  runMain,
  sharedEmbedder,
  writeResults,
} from './env.ts';
import { answererEnv, modelTable, parseAnswerer } from './model.ts';
import { note } from './progress.ts';
import { loadProjectQuestions, projectAnswers, projectRetrieval } from './questions.ts';
import { rankTable, toRows, type SettingRow } from './report.ts';
import { evalCounterfactual, printCounterfactual } from './counterfactual.ts';
import { evalReuters, printReuters } from './reuters.ts';
import { embedQueries, evaluateRetrieval, type Setting } from './retrieval.ts';
import { evenSample, loadSquad, splitSquad, writeSquadArticles } from './squad.ts';
import { markdownTable, pct } from './table.ts';

const { values: args } = parseArgs({
  options: {
    asks: { type: 'string' },
    'squad-limit': { type: 'string' },
    'index-dir': { type: 'string' },
    questions: { type: 'string', default: path.join(REPO_ROOT, 'test', 'questions.json') },
    answerer: { type: 'string', default: 'extractive' },
    'no-reuters': { type: 'boolean', default: false },
    'reuters-only': { type: 'boolean', default: false },
    'reuters-index-dir': { type: 'string' },
    'no-counterfactual': { type: 'boolean', default: false },
    'counterfactual-only': { type: 'boolean', default: false },
  },
});

const answerer = parseAnswerer(args.answerer);
/** Configuration of the answerer measured: nothing for extractive, the model's variables for llm. */
const answererVars = answererEnv(answerer);
const asksDefault = answerer === 'llm' ? 200 : 1000;

const ALPHAS = [0.3, 0.4, 0.5, 0.6, 0.7];

/** Diversify off everywhere but the product row: MMR trades rank for variety, which SQuAD's single gold punishes. */
function squadSettings(productK: number, fusion: 'weighted' | 'rrf', alpha: number): Setting[] {
  const base = { k: 20, diversify: false, alpha: 0.5, fusion: 'weighted' as const };
  return [
    { ...base, name: 'keyword only (BM25)', mode: 'keyword' },
    { ...base, name: 'dense only', mode: 'dense' },
    ...ALPHAS.map((a): Setting => ({ ...base, name: `hybrid weighted α=${a}`, mode: 'hybrid', alpha: a })),
    { ...base, name: 'hybrid RRF k=60', mode: 'hybrid', fusion: 'rrf' },
    {
      name: `product: ${fusion}${fusion === 'weighted' ? ` α=${alpha}` : ''} + diversify, k=${productK}`,
      mode: 'hybrid',
      fusion,
      alpha,
      diversify: true,
      k: productK,
    },
  ];
}

/** The sweep row that matches the configured fusion (FUSION, FUSION_ALPHA). */
function configuredName(fusion: 'weighted' | 'rrf', alpha: number): string {
  return fusion === 'rrf' ? 'hybrid RRF k=60' : `hybrid weighted α=${alpha}`;
}

async function evalSquad(embedder: Embedder, tmp: string) {
  const started = performance.now();
  const squad = loadSquad(datasetPath('squad-v1.1-dev', 'dev-v1.1.json'));
  note(`SQuAD: ${squad.paragraphs.length} paragraphs, ${squad.questions.length} questions`);
  const articlesDir = path.join(tmp, 'squad-articles');
  fs.mkdirSync(articlesDir);
  writeSquadArticles(squad.paragraphs, articlesDir);
  const indexDir = args['index-dir'] ? path.resolve(args['index-dir']) : path.join(tmp, 'squad-index');
  const config = measuredConfig(articlesDir, indexDir, answererVars);
  const archive = await openArchive(config, { embedder: sharedEmbedder(embedder) });
  try {
    const index = await buildIndex(archive, 'SQuAD index');
    const chunksPer = archive.listSources().map((s) => s.chunks);
    const split = chunksPer.filter((n) => n > 1).length;

    // Retrieval does not depend on the answerer: measured with the extractive one only.
    const limit = answerer === 'llm' ? 0 : args['squad-limit'] ? Number(args['squad-limit']) : squad.questions.length;
    const questions = evenSample(squad.questions, limit);
    let rows: SettingRow[] = [];
    let paired: NamedComparison[] = [];
    let embedMs = 0;
    if (questions.length > 0) {
      const embedded = await embedQueries(
        embedder,
        questions.map((q) => q.question),
        'SQuAD embed questions',
      );
      embedMs = embedded.ms;
      const vectors = embedded.vectors;
      const snapshot = openSnapshot(indexDir);
      if (!snapshot) throw new Error(`No index in ${indexDir} after reindex`);
      const { fusion, alpha, k } = config.retrieval;
      try {
        const queries = questions.map((q) => ({ text: q.question, isGold: (p: { articleId: string }) => p.articleId === q.gold }));
        const results = await evaluateRetrieval(snapshot, embedder, queries, vectors, squadSettings(k, fusion, alpha), 'SQuAD retrieve');
        rows = toRows(results, [1, 5, 20], 20);
        const configured = configuredName(fusion, alpha);
        paired = comparisons(results, [
          [configured, 'keyword only (BM25)', 5],
          [configured, 'dense only', 5],
          ['hybrid weighted α=0.5', 'hybrid RRF k=60', 1],
          ['hybrid weighted α=0.5', 'hybrid RRF k=60', 5],
          ...ALPHAS.filter((a) => a !== 0.5).flatMap(
            (a): Array<[string, string, number]> => [
              [`hybrid weighted α=${a}`, 'hybrid weighted α=0.5', 1],
              [`hybrid weighted α=${a}`, 'hybrid weighted α=0.5', 5],
            ],
          ),
        ]);
      } finally {
        closeSnapshot(snapshot);
      }
    }

    const asks = Number(args.asks ?? asksDefault);
    // Asked from the held-out half only: the answerer's weights were fitted on the first (eval/fit-lead-weights.ts).
    const { heldOut } = splitSquad(squad);
    const answers: AnswerSummary | null = asks > 0 ? await squadAnswers(archive, evenSample(heldOut, asks), 'SQuAD ask') : null;
    return {
      corpus: {
        paragraphs: squad.paragraphs.length,
        questions: squad.questions.length,
        questionsEvaluated: questions.length,
        chunks: index.chunks,
        paragraphsSplit: split,
        maxChunksPerParagraph: Math.max(...chunksPer),
        chunking: config.chunking,
        failed: index.failed.length,
      },
      index: { durationMs: index.durationMs, embedMs: index.embedMs, chunksEmbedded: index.chunksEmbedded },
      config: config.retrieval,
      queryEmbedMs: embedMs,
      retrieval: rows,
      paired,
      answers,
      wallMs: performance.now() - started,
    };
  } finally {
    await archive.close();
  }
}

async function evalProjectQuestions(embedder: Embedder, tmp: string) {
  const file = path.resolve(args.questions);
  const questions = loadProjectQuestions(file);
  if (!questions) return { skipped: `${path.relative(REPO_ROOT, file)} does not exist yet` };
  const started = performance.now();
  const indexDir = path.join(tmp, 'bundled-index');
  const config = measuredConfig(path.join(REPO_ROOT, 'index-data', 'articles'), indexDir, answererVars);
  const archive = await openArchive(config, { embedder: sharedEmbedder(embedder) });
  try {
    await buildIndex(archive, 'bundled articles index');
    const { fusion, alpha, k } = config.retrieval;
    const base = { k: 5, diversify: false, fusion, alpha };
    const settings: Setting[] = [
      { ...base, name: 'keyword only (BM25)', mode: 'keyword' },
      { ...base, name: 'dense only', mode: 'dense' },
      { ...base, name: `hybrid ${fusion}${fusion === 'weighted' ? ` α=${alpha}` : ''} (configured)`, mode: 'hybrid' },
      // The SQuAD sweep again, on paraphrased news questions: a lower alpha that wins on SQuAD (whose
      // questions reuse the paragraph's words) must not lose here.
      ...ALPHAS.map((a): Setting => ({ ...base, name: `hybrid weighted α=${a}`, mode: 'hybrid', fusion: 'weighted', alpha: a })),
      { ...base, name: 'hybrid RRF k=60', mode: 'hybrid', fusion: 'rrf' },
      { ...base, name: `product: hybrid + diversify, k=${k}`, mode: 'hybrid', diversify: true, k },
    ];
    const snapshot = openSnapshot(indexDir);
    if (!snapshot) throw new Error(`No index in ${indexDir} after reindex`);
    let retrieval: Awaited<ReturnType<typeof projectRetrieval>>;
    try {
      retrieval = await projectRetrieval(snapshot, embedder, questions, settings);
    } finally {
      closeSnapshot(snapshot);
    }
    const answers = await projectAnswers(archive, questions);
    return {
      file: path.relative(REPO_ROOT, file),
      questions: questions.length,
      retrievalQuestions: retrieval.questions,
      retrieval: toRows(retrieval.results, [1, 5], 5),
      answers: answers.tally,
      model: answers.model,
      answersBySplit: answers.bySplit,
      outcomes: answers.outcomes,
      wallMs: performance.now() - started,
    };
  } finally {
    await archive.close();
  }
}

type SquadResult = Awaited<ReturnType<typeof evalSquad>>;
type ProjectResult = Awaited<ReturnType<typeof evalProjectQuestions>>;

function printSquad(s: SquadResult): void {
  const c = s.corpus;
  console.log(`## SQuAD v1.1 dev: retrieval (${c.questionsEvaluated} questions, ${c.paragraphs} paragraphs as ${c.chunks} chunks)\n`);
  console.log(
    `Chunking: CHUNK_WORDS=${c.chunking.targetWords}, overlap ${c.chunking.overlapSentences} sentence(s); ` +
      `${c.paragraphsSplit} paragraphs (${pct(c.paragraphsSplit / c.paragraphs)}%) were split into more than one chunk ` +
      `(at most ${c.maxChunksPerParagraph}). Gold = any chunk of the question's paragraph. Diversify off except in the product row.\n`,
  );
  if (s.retrieval.length === 0) {
    console.log(
      answerer === 'llm'
        ? 'Retrieval not measured (--answerer llm: it does not depend on the answerer).\n'
        : 'Retrieval not measured (--squad-limit 0).\n',
    );
  } else printSquadRetrieval(s);
  if (s.answers) {
    const a = s.answers;
    const answered = a.asked - a.refused;
    const by = s.answers.model ? `the model ${s.answers.model.model}` : 'extractive';
    console.log(`## SQuAD v1.1 dev: ${by} answers (archive.ask, ${a.asked} questions spread evenly over the held-out half)\n`);
    console.log(
      markdownTable(
        [
          'questions',
          'answer contains a gold answer',
          'of those not refused',
          'refused',
          'gold paragraph cited',
          'words per answer',
          'mean ms/question',
        ],
        [
          [
            a.asked,
            `${pct(a.contains / a.asked)}%`,
            `${pct(answered ? a.contains / answered : 0)}%`,
            `${pct(a.refused / a.asked)}%`,
            `${pct(a.goldCited / a.asked)}%`,
            a.meanWords.toFixed(0),
            a.meanMs.toFixed(0),
          ],
        ],
      ),
    );
    const leadRow = (label: string, n: number, em: number, f1: number) => [
      label,
      a.factoid,
      n,
      `${pct(em / (a.factoid || 1))} / ${pct(f1 / (a.factoid || 1))}`,
      `${pct(em / a.asked)} / ${pct(f1 / a.asked)}`,
    ];
    console.log(
      `\n${markdownTable(
        [
          'direct answers counted',
          'factoid questions',
          'answers opening with one',
          'lead EM / F1 (factoid)',
          'lead EM / F1 (all questions)',
        ],
        [
          leadRow('in bold', a.led, a.leadExact, a.leadF1),
          leadRow('in bold or as "Possibly"', a.led + a.offered, a.leadExact + a.offeredExact, a.leadF1 + a.offeredF1),
        ],
      )}`,
    );
    // By what is asked: "which …" / "what …" of a kind ('what', a place's kind too) is factoid since
    // 2026-12-04; the rest as before.
    const keys = [...new Set(a.outcomes.map((o) => o.wanted).filter((k): k is string => k !== null))].sort();
    const byKey = (label: string, of: (k: string) => boolean) => {
      const os = a.outcomes.filter((o) => o.wanted !== null && of(o.wanted));
      const bold = os.filter((o) => o.lead !== null && !o.tentative);
      const any = os.filter((o) => o.lead !== null);
      const f1 = (xs: typeof os) => pct(xs.reduce((sum, o) => sum + o.leadF1, 0) / (os.length || 1));
      return [label, os.length, bold.length, f1(bold), any.length, f1(any)];
    };
    console.log(
      `\n${markdownTable(
        ['asked for', 'questions', 'bold leads', 'bold F1', 'bold or "Possibly"', 'F1'],
        [
          ...keys.map((k) => byKey(k, (w) => w === k)),
          byKey('all but "what"/"which" (the factoid set before 2026-12-04)', (w) => w !== 'what'),
        ],
      )}`,
    );
    if (a.model) console.log(`\n${modelTable(a.model)}`);
    console.log('');
  }
}

function printSquadRetrieval(s: SquadResult): void {
  const c = s.corpus;
  console.log(rankTable(s.retrieval, [1, 5, 20], 20));
  const r5 = (name: string) => s.retrieval.find((r) => r.setting === name)?.summary.recall[5] ?? NaN;
  const keyword = r5('keyword only (BM25)');
  const dense = r5('dense only');
  const hybrids = s.retrieval.filter((r) => r.setting.startsWith('hybrid'));
  const best = hybrids.reduce((a, b) => ((b.summary.recall[5] ?? 0) > (a.summary.recall[5] ?? 0) ? b : a));
  const configured = configuredName(s.config.fusion, s.config.alpha);
  const conf = r5(configured);
  const diff = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
  console.log(
    `\nR@5: configured fusion (${configured}) ${pct(conf)} vs keyword ${pct(keyword)} (${diff(conf - keyword)} points) ` +
      `and dense ${pct(dense)} (${diff(conf - dense)}); best hybrid here: ${best.setting} ${pct(best.summary.recall[5] ?? 0)}.` +
      `${conf > keyword && conf > dense ? '' : ' The configured fusion does NOT beat both halves.'}\n`,
  );
  console.log('Paired differences (same questions; "only A finds" = gold within the top k for A but not for B):\n');
  console.log(comparisonTable(s.paired));
  console.log('');
  console.log(
    `Index: ${(s.index.durationMs / 1000).toFixed(1)} s (${(s.index.embedMs / 1000).toFixed(1)} s embedding ${s.index.chunksEmbedded} chunks); ` +
      `question embedding ${(s.queryEmbedMs / 1000).toFixed(1)} s (${((1000 * c.questionsEvaluated) / s.queryEmbedMs).toFixed(0)}/s).\n`,
  );
}

function printProject(p: ProjectResult): void {
  console.log('## Project question set (test/questions.json)\n');
  if ('skipped' in p) {
    console.log(`Skipped: ${p.skipped}. Run \`npm run eval\` again once it exists.\n`);
    return;
  }
  console.log(`${p.questions} questions; retrieval scored on the ${p.retrievalQuestions} answerable ones that name expected articles.\n`);
  console.log(rankTable(p.retrieval, [1, 5], 5));
  const share = (n: number, d: number) => (d ? `${n}/${d} (${pct(n / d)}%)` : 'n/a');
  const row = (name: string, t: typeof p.answers) => [
    name,
    share(t.containsExpected, t.withExpectedText),
    share(t.expectedCited, t.withExpectedArticles),
    share(t.correctRefusals, t.unanswerable),
    share(t.falseRefusals, t.answerable),
    share(t.falseAnswers, t.unanswerable),
  ];
  console.log('');
  console.log(
    markdownTable(
      [
        'questions',
        'answer contains expected text',
        'expected article cited',
        'correct refusals',
        'false refusals',
        'unanswerable but answered',
      ],
      [row('all', p.answers), row('calibration half', p.answersBySplit.calibration), row('held-out half', p.answersBySplit['held-out'])],
    ),
  );
  if (p.model) console.log(`\n${modelTable(p.model)}`);
  console.log('');
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = load1();
  const tmp = makeTempDir('eval');
  const embedder = createEmbedder(measuredConfig(tmp, tmp));
  try {
    await embedder.init();
    const only = args['reuters-only'] || args['counterfactual-only'];
    const squad = only ? null : await evalSquad(embedder, tmp);
    const project = only ? null : await evalProjectQuestions(embedder, tmp);
    const reuters =
      args['no-reuters'] || args['counterfactual-only']
        ? null
        : await evalReuters(embedder, tmp, args['reuters-index-dir'] ? path.resolve(args['reuters-index-dir']) : undefined);
    const counterfactual =
      args['no-counterfactual'] || args['reuters-only'] || answerer === 'llm' ? null : await evalCounterfactual(embedder, tmp);
    const totalMs = performance.now() - started;
    const rev = revision();
    console.log(
      `# Archivist eval, ${new Date().toISOString().slice(0, 10)} (commit ${rev.commit}${rev.srcDirty ? ', src/ modified' : ''})\n`,
    );
    if (squad) printSquad(squad);
    if (project) printProject(project);
    if (reuters) printReuters(reuters);
    if (counterfactual) printCounterfactual(counterfactual);
    const loadAtEnd = load1();
    console.log(
      `Total: ${(totalMs / 60_000).toFixed(1)} min on ${machine().cpus} cores (1-min load average ${loadAtStart} at start, ${loadAtEnd} at end).`,
    );
    const out = writeResults('eval', {
      date: new Date().toISOString(),
      machine: machine(),
      revision: revision(),
      loadAtStart,
      loadAtEnd,
      args,
      squad,
      project,
      reuters,
      counterfactual,
      totalMs,
    });
    note(`wrote ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await embedder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
