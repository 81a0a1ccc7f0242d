// Date questions over Reuters-21578 (1987 wire stories, read in place from ../shared/datasets): does the
// answer come from the right time? "What did the Bundesbank do in April 1987?" must cite April stories
// about the Bundesbank among March, June and October ones; "What is the latest on Texaco?" the newest.
// The questions (eval/data/reuters-date-questions.json) name a topic (a pattern on titles) and a time
// (a month, a day or "latest"); gold is every indexed article on the topic within that time.
//
// Indexed: every article on one of the topics plus a fixed sample of others (distractors), as one JSONL
// file with the wire's title, dateline + body and the <DATE> as metadata. Measured, for each question:
// retrieval with the question's time (the product) against retrieval without it (before), and the answer
// of archive.ask(): is its first citation gold, is any, and for "latest" questions does it say "As of"
// the newest gold date.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Archive } from '../src/api.ts';
import { openArchive } from '../src/archive.ts';
import type { Config } from '../src/config.ts';
import { parseDate } from '../src/clean/date.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { retrieve } from '../src/retrieve/retriever.ts';
import { archiveNow, questionTime, withoutTimeWords } from '../src/retrieve/time.ts';
import { closeSnapshot, openSnapshot, type Snapshot } from '../src/store/snapshot.ts';
import { buildIndex } from './build-index.ts';
import { datasetPath, measuredConfig, REPO_ROOT, sharedEmbedder } from './env.ts';
import { Progress } from './progress.ts';
import { markdownTable, pct } from './table.ts';

export const REUTERS_QUESTIONS = path.join(REPO_ROOT, 'eval', 'data', 'reuters-date-questions.json');
/** Articles not on any topic, indexed beside them so that retrieval has something to get wrong. */
const DISTRACTORS = 600;
/** "latest": the topic's newest articles, this many days back from its newest one. */
const LATEST_DAYS = 7;

const fileSchema = z.object({
  questions: z.array(
    z.object({
      id: z.string(),
      question: z.string().min(1),
      topic: z.string().min(1),
      when: z.string().regex(/^(latest|\d{4}-\d{2}(-\d{2})?)$/),
    }),
  ),
});
type DateQuestion = z.infer<typeof fileSchema>['questions'][number];

interface WireStory {
  id: string;
  title: string;
  text: string;
  date: string;
}

/** The 19,043 stories with a title and a body (SOURCE.md: SGML, read as latin-1). */
export function readReuters(dir = datasetPath('reuters-21578', 'reuters21578')): WireStory[] {
  const entity = (s: string) =>
    s
      .replace(/&#(\d+);/g, (_, n: string) => (Number(n) < 32 ? '' : String.fromCharCode(Number(n))))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const stories: WireStory[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /^reut2-\d+\.sgm$/.test(f))
    .sort()) {
    const sgml = fs.readFileSync(path.join(dir, file), 'latin1');
    for (const m of sgml.matchAll(/<REUTERS([^>]*)>([\s\S]*?)<\/REUTERS>/g)) {
      const tag = (t: string) => new RegExp(`<${t}>([\\s\\S]*?)</${t}>`).exec(m[2]!)?.[1];
      const id = /NEWID="(\d+)"/.exec(m[1]!)?.[1];
      const title = tag('TITLE');
      const body = tag('BODY');
      const date = parseDate(tag('DATE') ?? '');
      if (!id || !title || !body || !date) continue;
      const dateline = entity(tag('DATELINE') ?? '').trim();
      const text = entity(body)
        .replace(/\s*Reuter\s*$/, '')
        .trim();
      stories.push({ id: `reuters-${id}`, title: entity(title).trim(), text: dateline ? `${dateline} ${text}` : text, date });
    }
  }
  return stories;
}

export function loadDateQuestions(file = REUTERS_QUESTIONS): DateQuestion[] {
  return fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).questions;
}

const onTopic = (q: DateQuestion) => {
  const re = new RegExp(q.topic, 'i');
  return (s: WireStory) => re.test(s.title);
};

/** The indexed stories: every one on a topic, and a fixed spread of others. */
export function selectStories(stories: WireStory[], questions: DateQuestion[]): WireStory[] {
  const tests = questions.map(onTopic);
  const topical = stories.filter((s) => tests.some((t) => t(s)));
  const others = stories.filter((s) => !tests.some((t) => t(s)));
  const step = Math.max(1, Math.floor(others.length / DISTRACTORS));
  return [...topical, ...others.filter((_, i) => i % step === 0).slice(0, DISTRACTORS)];
}

export function writeStories(stories: WireStory[], dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const lines = stories.map((s) => JSON.stringify({ id: s.id, title: s.title, text: s.text, date: s.date, source: 'Reuters' }));
  fs.writeFileSync(path.join(dir, 'reuters.jsonl'), `${lines.join('\n')}\n`);
}

const daysBefore = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** Gold articles of a question among the indexed stories, and the newest gold date. */
export function goldOf(q: DateQuestion, indexed: WireStory[]): { ids: Set<string>; newest: string | null } {
  const topical = indexed.filter(onTopic(q));
  let gold: WireStory[];
  if (q.when === 'latest') {
    const newest =
      topical
        .map((s) => s.date)
        .sort()
        .at(-1) ?? '';
    gold = topical.filter((s) => s.date >= daysBefore(newest, LATEST_DAYS));
  } else {
    gold = topical.filter((s) => s.date.startsWith(q.when));
  }
  const newest = gold.map((s) => s.date).reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);
  return { ids: new Set(gold.map((s) => s.id)), newest };
}

export interface DateOutcome {
  id: string;
  question: string;
  when: string;
  gold: number;
  /** A gold article among the 5 passages retrieved without / with the question's time. */
  retrievedBefore: boolean;
  retrievedAfter: boolean;
  refused: boolean;
  firstCitationGold: boolean;
  anyCitationGold: boolean;
  /** "latest" questions: the answer opens with "As of <newest gold date>". */
  asOfRight: boolean | null;
  answer: string;
}

export interface DateTally {
  questions: number;
  byKind: Record<'month' | 'day' | 'latest', number>;
  retrievedBefore: number;
  retrievedAfter: number;
  refused: number;
  firstCitationGold: number;
  anyCitationGold: number;
  latest: number;
  asOfRight: number;
}

export async function reutersDateQuestions(
  archive: Archive,
  config: Config,
  snapshot: Snapshot,
  embedder: Embedder,
  questions: DateQuestion[],
  indexed: WireStory[],
): Promise<{ tally: DateTally; outcomes: DateOutcome[]; now: string }> {
  const now = archiveNow(snapshot.db);
  const bar = new Progress('Reuters date questions', questions.length);
  const outcomes: DateOutcome[] = [];
  for (const [i, q] of questions.entries()) {
    const gold = goldOf(q, indexed);
    const hit = (ids: string[]) => ids.some((id) => gold.ids.has(id));
    const before = await retrieve(snapshot, embedder, q.question, config.retrieval);
    const after = await retrieve(snapshot, embedder, q.question, {
      ...config.retrieval,
      keywordText: withoutTimeWords(q.question),
      time: questionTime(q.question, now),
    });
    const r = await archive.ask(q.question);
    const cited = r.citations.map((c) => c.articleId);
    outcomes.push({
      id: q.id,
      question: q.question,
      when: q.when,
      gold: gold.ids.size,
      retrievedBefore: hit(before.passages.map((p) => p.articleId)),
      retrievedAfter: hit(after.passages.map((p) => p.articleId)),
      refused: r.refused,
      firstCitationGold: !r.refused && cited.length > 0 && gold.ids.has(cited[0]!),
      anyCitationGold: !r.refused && hit(cited),
      asOfRight: q.when === 'latest' ? r.answer.startsWith(`As of ${gold.newest}`) : null,
      answer: r.answer,
    });
    bar.tick(i + 1);
  }
  const count = (f: (o: DateOutcome) => boolean) => outcomes.filter(f).length;
  const kind = (w: string) => (w === 'latest' ? 'latest' : w.length === 10 ? 'day' : 'month');
  return {
    now,
    outcomes,
    tally: {
      questions: outcomes.length,
      byKind: {
        month: count((o) => kind(o.when) === 'month'),
        day: count((o) => kind(o.when) === 'day'),
        latest: count((o) => kind(o.when) === 'latest'),
      },
      retrievedBefore: count((o) => o.retrievedBefore),
      retrievedAfter: count((o) => o.retrievedAfter),
      refused: count((o) => o.refused),
      firstCitationGold: count((o) => o.firstCitationGold),
      anyCitationGold: count((o) => o.anyCitationGold),
      latest: count((o) => o.asOfRight !== null),
      asOfRight: count((o) => o.asOfRight === true),
    },
  };
}

export type ReutersResult = Awaited<ReturnType<typeof evalReuters>>;

/** Builds the Reuters index in `tmp` (or reuses `indexDir`), then asks every date question. */
export async function evalReuters(embedder: Embedder, tmp: string, indexDir?: string) {
  const started = performance.now();
  const questions = loadDateQuestions();
  const stories = selectStories(readReuters(), questions);
  const articlesDir = path.join(tmp, 'reuters-articles');
  writeStories(stories, articlesDir);
  const dir = indexDir ?? path.join(tmp, 'reuters-index');
  const config = measuredConfig(articlesDir, dir);
  const archive = await openArchive(config, { embedder: sharedEmbedder(embedder) });
  try {
    const index = await buildIndex(archive, 'Reuters index');
    const snapshot = openSnapshot(dir);
    if (!snapshot) throw new Error(`No index in ${dir} after reindex`);
    try {
      const run = await reutersDateQuestions(archive, config, snapshot, embedder, questions, stories);
      return { articles: stories.length, chunks: index.chunks, ...run, wallMs: performance.now() - started };
    } finally {
      closeSnapshot(snapshot);
    }
  } finally {
    await archive.close();
  }
}

export function printReuters(r: ReutersResult): void {
  const t = r.tally;
  const share = (n: number, d: number) => (d ? `${n}/${d} (${pct(n / d)}%)` : 'n/a');
  console.log(
    `## Date questions on Reuters-21578 (${t.questions} questions, ${r.articles} articles as ${r.chunks} chunks, "now" = ${r.now})\n`,
  );
  console.log(
    `${t.byKind.month} name a month, ${t.byKind.day} a day, ${t.byKind.latest} ask for the latest. A hit: an article on the ` +
      'question\'s topic from the asked time (for "latest": within 7 days of the topic\'s newest).\n',
  );
  console.log(
    markdownTable(
      ['', 'hits'],
      [
        ["gold among the 5 passages, retrieval without the question's time (before)", share(t.retrievedBefore, t.questions)],
        ['gold among the 5 passages, retrieval with it (now)', share(t.retrievedAfter, t.questions)],
        ['answer: first citation gold', share(t.firstCitationGold, t.questions)],
        ['answer: some citation gold', share(t.anyCitationGold, t.questions)],
        ['"latest" answers saying "As of" the newest gold date', share(t.asOfRight, t.latest)],
        ['refused', share(t.refused, t.questions)],
      ],
    ),
  );
  const misses = r.outcomes.filter((o) => !o.anyCitationGold).map((o) => o.id);
  if (misses.length) console.log(`\nNo gold citation: ${misses.join(', ')}.`);
  console.log('');
}
