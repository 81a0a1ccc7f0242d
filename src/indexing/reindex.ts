// Builds the next index generation from the articles folder: only changed articles are embedded,
// everything is written beside the live index, and the swap happens only when the new one is complete and
// has been read back whole. A damaged live index is never read: the next one is built from the articles alone.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chunkText } from '../chunk/chunker.ts';
import { CLEANER_VERSION } from '../clean/article.ts';
import type { Config } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { IndexDamagedError, StorageError, storageError } from '../errors.ts';
import { ArchiveDb } from '../store/database.ts';
import {
  collectGarbage,
  createStaging,
  FORMAT_VERSION,
  currentGeneration,
  generationFiles,
  paths,
  publish,
  type Manifest,
} from '../store/layout.ts';
import { FileLock } from '../store/lock.ts';
import { openGeneration, type Snapshot } from '../store/snapshot.ts';
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

/**
 * The live generation, opened and checked, or why it cannot be used: a damaged one is rebuilt from the articles
 * without reading any of its files.
 */
function openLive(indexDir: string): { name: string | null; snapshot: Snapshot | null; damage: string | null } {
  let live: { name: string; dir: string } | null;
  try {
    live = currentGeneration(indexDir);
  } catch (err) {
    if (err instanceof IndexDamagedError) return { name: null, snapshot: null, damage: err.problem };
    throw err;
  }
  if (!live) return { name: null, snapshot: null, damage: null };
  try {
    return { name: live.name, snapshot: openGeneration(live.name, live.dir), damage: null };
  } catch (err) {
    if (err instanceof IndexDamagedError) return { name: live.name, snapshot: null, damage: err.problem };
    throw err;
  }
}

/** Reads the new generation back before it is published: hnswlib does not report a short write (a full disk). */
function verifyStaged(staging: { name: string; dir: string }, indexDir: string): void {
  try {
    openGeneration(staging.name, staging.dir).db.close();
  } catch (err) {
    if (!(err instanceof IndexDamagedError)) throw err;
    throw new StorageError(
      `The new index failed its check before being published (${err.problem}), so the current index was kept; make sure the disk holding ${indexDir} has free space, then run \`archivist index\` again.`,
      { problem: 'short-write', path: staging.dir, cause: err },
    );
  }
}

export async function reindex(
  ctx: ReindexContext,
  options: ReindexOptions,
  onProgress: (p: ReindexProgress) => void,
): Promise<ReindexReport> {
  try {
    return await reindexUnchecked(ctx, options, onProgress);
  } catch (err) {
    // ENOSPC, EACCES, SQLITE_FULL and the like become one sentence naming the path and what to do.
    throw storageError(
      err,
      ctx.config.indexDir,
      'Writing the new index',
      'then run `archivist index` again (the current index keeps answering)',
    );
  }
}

async function reindexUnchecked(
  ctx: ReindexContext,
  options: ReindexOptions,
  onProgress: (p: ReindexProgress) => void,
): Promise<ReindexReport> {
  const { config, embedder } = ctx;
  const t0 = performance.now();
  fs.mkdirSync(config.indexDir, { recursive: true });
  const lock = FileLock.acquire(paths(config.indexDir).lock);
  let staging: { name: string; dir: string } | null = null;
  let old: Snapshot | null = null;
  try {
    const opened = openLive(config.indexDir);
    old = opened.snapshot;
    // Only a healthy live generation is kept (beside the new one); a damaged one goes once it is replaced.
    const live = old ? { name: old.generation, dir: old.dir } : null;
    collectGarbage(config.indexDir, opened.name ? [opened.name] : []);

    onProgress({ phase: 'scan', done: 0, total: 0 });
    const collected = await collectArticles(
      options.dir ?? config.articlesDir,
      config.maxArticleBytes,
      (done, total) => onProgress({ phase: 'read', done, total }),
      options.signal,
      config.serverArticlesDir,
    );

    const info = await embedder.init();
    const pipeline = {
      cleaner: CLEANER_VERSION,
      targetWords: config.chunking.targetWords,
      overlapSentences: config.chunking.overlapSentences,
    };
    const previous = old?.manifest ?? null;
    const compatible =
      previous !== null &&
      previous.format === FORMAT_VERSION &&
      JSON.stringify(previous.embedder) === JSON.stringify(info) &&
      JSON.stringify(previous.pipeline) === JSON.stringify(pipeline);
    const full = options.full === true || !compatible;

    const oldDb = old?.db ?? null;
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
      ...(opened.damage ? { repaired: opened.damage } : {}),
    };

    // An empty result is far likelier a wrong folder or a broken batch of files than a wish to
    // delete everything: the live index is kept, and the report says nothing could be indexed.
    if (collected.articles.size === 0) {
      report.removed = [];
      report.chunks = oldDb?.counts().chunks ?? 0;
      report.durationMs = performance.now() - t0;
      onProgress({ phase: 'done', done: 1, total: 1, message: 'no articles could be read; live index kept' });
      return report;
    }

    if (!full && toEmbed.length === 0 && removed.length === 0) {
      report.chunks = oldDb?.counts().chunks ?? 0;
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
    if (!full && old) {
      old.db.copyTo(files.db);
      // The checked live vectors, loaded privately for this reindex: changed here, saved to staging.
      index = old.vectors;
    } else {
      index = VectorIndex.create(info.dimension, vectors.length);
    }
    old?.db.close();
    old = null;

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

    verifyStaged(staging, config.indexDir);
    options.signal?.throwIfAborted();
    onProgress({ phase: 'swap', done: 0, total: 1 });
    publish(config.indexDir, staging);
    const published = staging.name;
    staging = null;
    collectGarbage(config.indexDir, [published, ...(live ? [live.name] : [])]);
    report.swapped = true;
    report.durationMs = performance.now() - t0;
    onProgress({ phase: 'done', done: 1, total: 1 });
    return report;
  } finally {
    old?.db.close();
    if (staging) fs.rmSync(staging.dir, { recursive: true, force: true });
    lock.release();
  }
}
