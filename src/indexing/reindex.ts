// Builds the next index generation from the articles folder: only changed articles are embedded,
// everything is written beside the live index, and the swap happens only when the new one is complete.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chunkText } from '../chunk/chunker.ts';
import { CLEANER_VERSION } from '../clean/article.ts';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { ArchiveDb } from '../store/database.ts';
import {
  collectGarbage,
  createStaging,
  FORMAT_VERSION,
  currentGeneration,
  generationFiles,
  paths,
  publish,
  readManifest,
  type Manifest,
} from '../store/layout.ts';
import { FileLock } from '../store/lock.ts';
import { VectorIndex } from '../store/vectors.ts';
import type { Article, ChunkDraft, ReindexOptions, ReindexProgress, ReindexReport } from '../types.ts';
import { collectArticles } from './collect.ts';

// Embedding runs in slices so progress moves (the bot edits its reply with it) and an abort lands soon.
const EMBED_SLICE = 16;

export interface ReindexContext {
  config: Config;
  embedder: Embedder;
}

/** The text embedded for a chunk: its article's title gives the passage its topic. */
export function embeddingInput(title: string | null, text: string): string {
  return title ? `${title}\n${text}` : text;
}

export async function reindex(
  ctx: ReindexContext,
  options: ReindexOptions,
  onProgress: (p: ReindexProgress) => void,
): Promise<ReindexReport> {
  const { config, embedder } = ctx;
  const t0 = performance.now();
  fs.mkdirSync(config.indexDir, { recursive: true });
  const lock = FileLock.acquire(paths(config.indexDir).lock);
  let staging: { name: string; dir: string } | null = null;
  try {
    const live = currentGeneration(config.indexDir);
    collectGarbage(config.indexDir, live ? [live.name] : []);

    onProgress({ phase: 'scan', done: 0, total: 0 });
    const collected = await collectArticles(
      options.dir ?? config.articlesDir,
      config.maxArticleBytes,
      (done, total) => onProgress({ phase: 'read', done, total }),
      options.signal,
    );

    const info = await embedder.init();
    const pipeline = {
      cleaner: CLEANER_VERSION,
      targetWords: config.chunking.targetWords,
      overlapSentences: config.chunking.overlapSentences,
    };
    const previous = live ? readManifest(live.dir) : null;
    const compatible =
      previous !== null &&
      previous.format === FORMAT_VERSION &&
      JSON.stringify(previous.embedder) === JSON.stringify(info) &&
      JSON.stringify(previous.pipeline) === JSON.stringify(pipeline);
    const full = options.full === true || !compatible;

    const oldDb = live ? ArchiveDb.open(generationFiles(live.dir).db, { readonly: true }) : null;
    const oldHashes = oldDb?.articleHashes() ?? new Map<string, string>();
    const added: string[] = [];
    const updated: string[] = [];
    const toEmbed: Article[] = [];
    for (const [id, article] of collected.articles) {
      const old = oldHashes.get(id);
      if (old === undefined) added.push(id);
      else if (full || old !== article.hash) updated.push(id);
      else continue;
      toEmbed.push(article);
    }
    const removed = [...oldHashes.keys()].filter((id) => !collected.articles.has(id));
    const unchanged = collected.articles.size - added.length - updated.length;

    const report: ReindexReport = {
      added,
      updated,
      unchanged,
      removed,
      failed: collected.failed,
      warnings: collected.warnings,
      chunksEmbedded: 0,
      durationMs: 0,
      embedMs: 0,
      swapped: false,
      articles: collected.articles.size,
      chunks: 0,
    };

    // An empty result is far likelier a wrong folder or a broken batch of files than a wish to
    // delete everything: the live index is kept, and the report says nothing could be indexed.
    if (collected.articles.size === 0) {
      report.removed = [];
      report.chunks = oldDb?.counts().chunks ?? 0;
      oldDb?.close();
      report.durationMs = performance.now() - t0;
      onProgress({ phase: 'done', done: 1, total: 1, message: 'no articles could be read; live index kept' });
      return report;
    }

    if (!full && toEmbed.length === 0 && removed.length === 0) {
      report.chunks = oldDb?.counts().chunks ?? 0;
      oldDb?.close();
      report.durationMs = performance.now() - t0;
      onProgress({ phase: 'done', done: 1, total: 1, message: 'nothing changed' });
      return report;
    }

    // Chunk and embed first: the slow part, and it touches nothing on disk.
    const drafts = toEmbed.map((a) => ({ article: a, chunks: chunkText(a.text, config.chunking) }));
    const inputs = drafts.flatMap((d) => d.chunks.map((c) => embeddingInput(d.article.title, c.text)));
    const vectors: Float32Array[] = [];
    const tEmbed = performance.now();
    onProgress({ phase: 'embed', done: 0, total: inputs.length });
    for (let i = 0; i < inputs.length; i += EMBED_SLICE) {
      options.signal?.throwIfAborted();
      vectors.push(...(await embedder.embed(inputs.slice(i, i + EMBED_SLICE))));
      onProgress({ phase: 'embed', done: Math.min(i + EMBED_SLICE, inputs.length), total: inputs.length });
    }
    report.embedMs = performance.now() - tEmbed;
    report.chunksEmbedded = vectors.length;

    onProgress({ phase: 'store', done: 0, total: 1 });
    staging = createStaging(config.indexDir);
    const files = generationFiles(staging.dir);
    let index: VectorIndex;
    if (!full && oldDb && live) {
      oldDb.copyTo(files.db);
      fs.copyFileSync(generationFiles(live.dir).vectors, files.vectors);
      index = VectorIndex.load(files.vectors, info.dimension, previous!.hnsw.deleted);
    } else {
      index = VectorIndex.create(info.dimension, vectors.length);
    }
    oldDb?.close();

    const db = ArchiveDb.open(files.db);
    try {
      const changed = new Set([...updated, ...removed]);
      const newIds: Array<[number, Float32Array]> = [];
      db.transaction(() => {
        if (!full) {
          for (const id of changed) for (const chunkId of db.deleteArticle(id)) index.remove(chunkId);
        }
        let v = 0;
        for (const { article, chunks } of drafts) {
          const withVectors = chunks.map((draft: ChunkDraft) => ({ draft, embedding: vectors[v++]! }));
          const ids = db.insertArticle(article, withVectors);
          for (const [k, id] of ids.entries()) newIds.push([id, withVectors[k]!.embedding]);
        }
      });
      options.signal?.throwIfAborted();
      if (index.needsCompaction()) {
        index = VectorIndex.create(info.dimension, db.counts().chunks);
        for (const { id, embedding } of db.allEmbeddings()) index.add(id, embedding);
      } else {
        for (const [id, embedding] of newIds) index.add(id, embedding);
      }
      index.save(files.vectors);
      const counts = db.counts();
      report.chunks = counts.chunks;
      const manifest: Manifest = {
        format: FORMAT_VERSION,
        generation: staging.name,
        builtAt: new Date().toISOString(),
        embedder: info,
        pipeline,
        articles: counts.articles,
        chunks: counts.chunks,
        hnsw: { deleted: index.deleted },
      };
      fs.writeFileSync(files.manifest, JSON.stringify(manifest, null, 2));
    } finally {
      db.close();
    }

    options.signal?.throwIfAborted();
    onProgress({ phase: 'swap', done: 0, total: 1 });
    publish(config.indexDir, staging);
    staging = null;
    collectGarbage(config.indexDir, [currentGeneration(config.indexDir)!.name, ...(live ? [live.name] : [])]);
    report.swapped = true;
    report.durationMs = performance.now() - t0;
    onProgress({ phase: 'done', done: 1, total: 1 });
    return report;
  } finally {
    if (staging) fs.rmSync(staging.dir, { recursive: true, force: true });
    lock.release();
  }
}
