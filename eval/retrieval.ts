// Retrieval quality of several settings over one question set, through the product's own retrieve().
// Each question is embedded once and its vector reused by every setting (the `queryVector` option),
// so the settings differ only in what they do after embedding.
import { performance } from 'node:perf_hooks';
import type { Embedder } from '../src/embed/embedder.ts';
import { retrieve, type RetrievalMode, type ScoredPassage } from '../src/retrieve/retriever.ts';
import type { Snapshot } from '../src/store/snapshot.ts';
import { firstRank, RankStats } from './metrics.ts';
import { Progress } from './progress.ts';

export interface Setting {
  name: string;
  mode: RetrievalMode;
  fusion: 'weighted' | 'rrf';
  alpha: number;
  diversify: boolean;
  k: number;
}

export interface EvalQuery {
  text: string;
  isGold: (passage: ScoredPassage) => boolean;
}

export interface SettingResult {
  setting: Setting;
  stats: RankStats;
  /** Time spent in retrieve() for this setting, all questions together (query embedding excluded). */
  ms: number;
}

/** Embeds texts in slices, for progress; the embedder batches and length-sorts within a slice. */
export async function embedQueries(embedder: Embedder, texts: string[], label: string): Promise<{ vectors: Float32Array[]; ms: number }> {
  const bar = new Progress(label, texts.length);
  const vectors: Float32Array[] = [];
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += 256) {
    vectors.push(...(await embedder.embed(texts.slice(i, i + 256))));
    bar.tick(vectors.length);
  }
  return { vectors, ms: performance.now() - t0 };
}

export async function evaluateRetrieval(
  snapshot: Snapshot,
  embedder: Embedder,
  queries: EvalQuery[],
  vectors: Float32Array[],
  settings: Setting[],
  label: string,
): Promise<SettingResult[]> {
  const results = settings.map((setting) => ({ setting, stats: new RankStats(), ms: 0 }));
  const bar = new Progress(label, queries.length);
  for (const [i, q] of queries.entries()) {
    for (const r of results) {
      const { mode, fusion, alpha, diversify, k } = r.setting;
      const t0 = performance.now();
      const { passages } = await retrieve(snapshot, embedder, q.text, { k, mode, fusion, alpha, diversify, queryVector: vectors[i]! });
      r.ms += performance.now() - t0;
      r.stats.add(firstRank(passages, q.isGold));
    }
    bar.tick(i + 1);
  }
  return results;
}
