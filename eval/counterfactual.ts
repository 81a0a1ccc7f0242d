// Counterfactual sources from BBC News (read in place from ../shared/datasets/bbc-news/): 100 articles are
// copied with one figure altered ("sold 3,000 cars" → "sold 4,200 cars"), indexed beside their originals and
// 300 other BBC articles, and a question is asked about each altered figure. Two measures:
//   - contradicting citations: a sentence stating one value cited to the passage that states the other
//     (the goal is none);
//   - where both passages were retrieved, whether the answer shows both values, each cited to its own
//     article (the goal is at least 90%).
// The question is the fact's sentence with its figure replaced by "how many" ("Sales rose to how many cars
// in 2004?"): mechanical, but it asks exactly the altered fact, and both passages match it equally.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { splitSentences } from '../src/chunk/sentences.ts';
import { openArchive } from '../src/archive.ts';
import type { Embedder } from '../src/embed/embedder.ts';
import { retrieve } from '../src/retrieve/retriever.ts';
import { closeSnapshot, openSnapshot } from '../src/store/snapshot.ts';
import type { AskResult } from '../src/types.ts';
import { buildIndex } from './build-index.ts';
import { datasetPath, measuredConfig, sharedEmbedder } from './env.ts';
import { Progress } from './progress.ts';
import { markdownTable, pct } from './table.ts';

interface Fact {
  /** File ids of the original and of its altered copy. */
  original: string;
  copy: string;
  question: string;
  /** The figure as the original states it and as the copy does. */
  value: string;
  altered: string;
}

// A count in front of what it counts ("3,000 cars", "2.5 million viewers"); years are not counts.
const FIGURE = /(?<![\p{L}\d.,£$€%-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)( (?:million|billion))?(?= ([a-z]{4,}))/u;

function alter(value: string): string {
  const n = Number(value.replace(/,/g, ''));
  const decimals = value.includes('.') ? value.split('.')[1]!.length : 0;
  const next = n < 10 ? n + 3 : n * 1.4;
  const fixed = next.toFixed(decimals);
  return value.includes(',') ? Number(fixed).toLocaleString('en-US') : fixed;
}

/** Up to `count` facts from BBC articles (every category, in file order), with the files to index. */
function buildCorpus(dir: string, count: number, distractors: number): Fact[] {
  const root = datasetPath('bbc-news', 'bbc');
  const files = fs
    .readdirSync(root)
    .filter((c) => fs.statSync(path.join(root, c)).isDirectory())
    .sort()
    .flatMap((c) =>
      fs
        .readdirSync(path.join(root, c))
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => ({ id: `${c}-${f.replace(/\.txt$/, '')}`, file: path.join(root, c, f) })),
    );
  fs.mkdirSync(dir, { recursive: true });
  const facts: Fact[] = [];
  const used = new Set<string>();
  // Every 7th article, so that all five categories contribute.
  for (let i = 0; i < files.length && facts.length < count; i += 7) {
    const { id, file } = files[i]!;
    const text = fs.readFileSync(file, 'utf8');
    const sentence = splitSentences(text)
      .map((s) => s.text)
      .find((s) => {
        const m = FIGURE.exec(s);
        return m && !/^(1[89]|20)\d\d$/.test(m[1]!) && s.split(/\s+/).length >= 8 && s.split(/\s+/).length <= 40;
      });
    if (!sentence) continue;
    const m = FIGURE.exec(sentence)!;
    const value = `${m[1]}${m[2] ?? ''}`;
    const altered = `${alter(m[1]!)}${m[2] ?? ''}`;
    if (text.split(sentence).length !== 2) continue; // the sentence must be unique in its article
    const changed = sentence.replace(value, altered);
    fs.writeFileSync(path.join(dir, `${id}.txt`), text);
    fs.writeFileSync(path.join(dir, `${id}-copy.txt`), text.replace(sentence, changed));
    used.add(id);
    const question = `${sentence.slice(0, m.index)}how many${sentence.slice(m.index + value.length)}`.replace(/[.!]+["'”’]*$/, '?');
    facts.push({ original: id, copy: `${id}-copy`, question, value, altered });
  }
  let added = 0;
  for (let i = 3; i < files.length && added < distractors; i += 5) {
    const { id, file } = files[i]!;
    if (used.has(id)) continue;
    fs.writeFileSync(path.join(dir, `${id}.txt`), fs.readFileSync(file, 'utf8'));
    added++;
  }
  return facts;
}

export interface CounterfactualResult {
  facts: number;
  articles: number;
  chunks: number;
  /** Both the original's and the copy's passage among the retrieved ones. */
  bothRetrieved: number;
  /** …and the answer shows both values, each cited to its own article. */
  bothShown: number;
  /** Answers with a sentence cited to a passage stating the other value. */
  contradicting: number;
  refused: number;
  examples: Array<{ question: string; answer: string }>;
  wallMs: number;
}

/** The article cited right after the first occurrence of a value in the answer, if any. */
function citedFor(r: AskResult, value: string): string | null {
  const at = r.answer.indexOf(value);
  if (at < 0) return null;
  const m = /\[(\d+)\]/.exec(r.answer.slice(at));
  return m ? (r.citations.find((c) => c.n === Number(m[1]))?.articleId ?? null) : null;
}

/** Whether a sentence of the answer states one value while a citation after it points to the other's passage. */
function contradicts(r: AskResult, fact: Fact): boolean {
  const sentences = [...r.answer.matchAll(/(.+?)((?:\s\[\d+\])+)(?=\s|$)/g)];
  return sentences.some((m) => {
    const text = m[1]!;
    const cites = [...m[2]!.matchAll(/\d+/g)].map((n) => r.citations.find((c) => c.n === Number(n[0]))?.articleId);
    // A sentence naming both values ("Sources differ: …") is checked value by value through citedFor.
    const states = (v: string) => new RegExp(`(?<![\\d.,])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d,]|\\.\\d)`).test(text);
    const original = states(fact.value);
    const copy = states(fact.altered);
    if (original && copy) return false;
    return (original && cites.includes(fact.copy)) || (copy && cites.includes(fact.original));
  });
}

export async function evalCounterfactual(embedder: Embedder, tmp: string, count = 100): Promise<CounterfactualResult> {
  const started = performance.now();
  const dir = path.join(tmp, 'counterfactual-articles');
  const facts = buildCorpus(dir, count, 300);
  const indexDir = path.join(tmp, 'counterfactual-index');
  const config = measuredConfig(dir, indexDir);
  const archive = await openArchive(config, { embedder: sharedEmbedder(embedder) });
  const result: CounterfactualResult = {
    facts: facts.length,
    articles: 0,
    chunks: 0,
    bothRetrieved: 0,
    bothShown: 0,
    contradicting: 0,
    refused: 0,
    examples: [],
    wallMs: 0,
  };
  try {
    const index = await buildIndex(archive, 'Counterfactual index');
    result.articles = index.articles;
    result.chunks = index.chunks;
    const snapshot = openSnapshot(indexDir);
    if (!snapshot) throw new Error(`No index in ${indexDir} after reindex`);
    const bar = new Progress('Counterfactual ask', facts.length);
    try {
      for (const [i, fact] of facts.entries()) {
        const retrieved = await retrieve(snapshot, embedder, fact.question, config.retrieval);
        const ids = new Set(retrieved.passages.map((p) => p.articleId));
        const r = await archive.ask(fact.question);
        if (r.refused) result.refused++;
        if (contradicts(r, fact)) result.contradicting++;
        if (ids.has(fact.original) && ids.has(fact.copy)) {
          result.bothRetrieved++;
          const shown = citedFor(r, fact.value) === fact.original && citedFor(r, fact.altered) === fact.copy;
          if (shown) result.bothShown++;
          else if (result.examples.length < 5) result.examples.push({ question: fact.question, answer: r.answer.slice(0, 400) });
        }
        bar.tick(i + 1, `shown ${result.bothShown}/${result.bothRetrieved}`);
      }
    } finally {
      closeSnapshot(snapshot);
    }
  } finally {
    await archive.close();
  }
  result.wallMs = performance.now() - started;
  return result;
}

export function printCounterfactual(r: CounterfactualResult): void {
  const share = (n: number, d: number) => (d ? `${n}/${d} (${pct(n / d)}%)` : 'n/a');
  console.log(`## Counterfactual sources from BBC News (${r.facts} altered figures; ${r.articles} articles as ${r.chunks} chunks)\n`);
  console.log(
    markdownTable(
      ['', ''],
      [
        ['answers with a citation contradicting its sentence', share(r.contradicting, r.facts)],
        ['both passages retrieved', share(r.bothRetrieved, r.facts)],
        ['…and both values shown, each cited to its own article', share(r.bothShown, r.bothRetrieved)],
        ['refused', share(r.refused, r.facts)],
      ],
    ),
  );
  if (r.examples.length) {
    console.log('\nExamples where both were retrieved but not both shown:');
    for (const e of r.examples) console.log(`- ${e.question}\n  → ${e.answer}`);
  }
  console.log('');
}
