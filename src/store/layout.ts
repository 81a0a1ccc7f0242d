// Where an index lives on disk, and the atomic swap from one generation to the next.
//
//   INDEX_DIR/CURRENT                  name of the live generation (replaced by rename: atomic)
//   INDEX_DIR/generations/<name>/      archive.db, vectors.hnsw, manifest.json of a complete index
//   INDEX_DIR/staging/<name>/          a generation being built; never read, removed if left behind
//   INDEX_DIR/reindex.lock             held while a reindex runs
//   INDEX_DIR/feedback.db              user feedback, kept apart so a swap never loses it
//   INDEX_DIR/sentence-vectors.db      sentence embeddings reused across questions (embed/embedding-cache.ts)
//   INDEX_DIR/feedback.key             the secret the feedback's user HMACs are keyed with (made on first use)
//   INDEX_DIR/usage.db                 the chat model's tokens used per day, user and server (budgets)
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { damagedIndex } from '../errors.ts';
import type { EmbedderInfo } from '../types.ts';

/** 2: articles carry a collection (the shared corpus or a Discord server's). A different format is rebuilt in full. */
export const FORMAT_VERSION = 2;

export interface Manifest {
  format: number;
  generation: string;
  builtAt: string;
  embedder: EmbedderInfo;
  /** Anything that changes what a chunk is: a change forces a full rebuild. */
  pipeline: { cleaner: number; targetWords: number; overlapSentences: number };
  articles: number;
  chunks: number;
  hnsw: { deleted: number };
}

export const paths = (indexDir: string) => ({
  current: path.join(indexDir, 'CURRENT'),
  generations: path.join(indexDir, 'generations'),
  staging: path.join(indexDir, 'staging'),
  lock: path.join(indexDir, 'reindex.lock'),
  feedback: path.join(indexDir, 'feedback.db'),
  sentenceVectors: path.join(indexDir, 'sentence-vectors.db'),
  feedbackKey: path.join(indexDir, 'feedback.key'),
  usage: path.join(indexDir, 'usage.db'),
});

export const generationFiles = (dir: string) => ({
  db: path.join(dir, 'archive.db'),
  vectors: path.join(dir, 'vectors.hnsw'),
  manifest: path.join(dir, 'manifest.json'),
});

export function newGenerationName(): string {
  return `g-${new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

const GENERATION_NAME = /^g-[\w-]+$/;

/**
 * The live generation CURRENT names, or null when no index has been published (no CURRENT). Whether that
 * generation is whole is for `openSnapshot` to check; a CURRENT that names nothing is damage, thrown as such.
 */
export function currentGeneration(indexDir: string): { name: string; dir: string } | null {
  let name: string;
  try {
    name = fs.readFileSync(paths(indexDir).current, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw damagedIndex(indexDir, `its CURRENT file cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!GENERATION_NAME.test(name)) throw damagedIndex(indexDir, 'its CURRENT file does not name an index generation');
  return { name, dir: path.join(paths(indexDir).generations, name) };
}

const manifestSchema = z.object({
  format: z.number().int(),
  generation: z.string().regex(GENERATION_NAME),
  builtAt: z.string(),
  embedder: z.object({ provider: z.enum(['local', 'openai']), model: z.string(), dimension: z.number().int().positive() }),
  pipeline: z.object({ cleaner: z.number(), targetWords: z.number(), overlapSentences: z.number() }),
  articles: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  hnsw: z.object({ deleted: z.number().int().nonnegative() }),
});

/** The generation's manifest, checked field by field; IndexDamagedError when it is missing or not one. */
export function readManifest(dir: string): Manifest {
  const file = generationFiles(dir).manifest;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw damagedIndex(dir, code === 'ENOENT' ? 'manifest.json is missing' : `manifest.json cannot be read (${code})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw damagedIndex(dir, 'manifest.json is not valid JSON');
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw damagedIndex(dir, `manifest.json is not an index manifest (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data as Manifest;
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a fresh staging folder for a new generation. */
export function createStaging(indexDir: string): { name: string; dir: string } {
  const name = newGenerationName();
  const dir = path.join(paths(indexDir).staging, name);
  fs.mkdirSync(dir, { recursive: true });
  return { name, dir };
}

/**
 * Publishes a complete staging generation: files synced, folder renamed into generations/, then CURRENT
 * replaced by rename. A crash before the last rename leaves the old CURRENT, and so the old index, live.
 */
export function publish(indexDir: string, staging: { name: string; dir: string }): string {
  const p = paths(indexDir);
  for (const f of fs.readdirSync(staging.dir)) fsyncPath(path.join(staging.dir, f));
  fs.mkdirSync(p.generations, { recursive: true });
  const finalDir = path.join(p.generations, staging.name);
  fs.renameSync(staging.dir, finalDir);
  fsyncPath(p.generations);
  const tmp = `${p.current}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${staging.name}\n`);
  fsyncPath(tmp);
  fs.renameSync(tmp, p.current);
  fsyncPath(indexDir);
  return finalDir;
}

/** Removes left-behind staging folders and generations other than the live one and the one before it. */
export function collectGarbage(indexDir: string, keep: string[]): void {
  const p = paths(indexDir);
  fs.rmSync(p.staging, { recursive: true, force: true });
  for (const f of fs.existsSync(indexDir) ? fs.readdirSync(indexDir) : []) {
    if (f.startsWith('CURRENT.') && f.endsWith('.tmp')) fs.rmSync(path.join(indexDir, f), { force: true });
  }
  if (!fs.existsSync(p.generations)) return;
  for (const name of fs.readdirSync(p.generations)) {
    if (!keep.includes(name)) fs.rmSync(path.join(p.generations, name), { recursive: true, force: true });
  }
}

export function dirSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}
