// A read-only view of one published generation: what queries run against while reindexes come and go.
import fs from 'node:fs';
import type { EmbedderInfo } from '../types.ts';
import { ArchiveDb } from './database.ts';
import { currentGeneration, generationFiles, readManifest, type Manifest } from './layout.ts';
import { IndexMismatchError } from '../errors.ts';
import { VectorIndex } from './vectors.ts';

export interface Snapshot {
  generation: string;
  dir: string;
  manifest: Manifest;
  db: ArchiveDb;
  vectors: VectorIndex;
}

/** Opens the live generation, or returns null when there is none. */
export function openSnapshot(indexDir: string): Snapshot | null {
  const current = currentGeneration(indexDir);
  if (!current) return null;
  const manifest = readManifest(current.dir);
  const files = generationFiles(current.dir);
  const db = ArchiveDb.open(files.db, { readonly: true });
  try {
    const vectors = fs.existsSync(files.vectors)
      ? VectorIndex.load(files.vectors, manifest.embedder.dimension, manifest.hnsw.deleted)
      : VectorIndex.create(manifest.embedder.dimension, 16);
    return { generation: current.name, dir: current.dir, manifest, db, vectors };
  } catch (err) {
    db.close();
    throw err;
  }
}

export function closeSnapshot(s: Snapshot | null): void {
  s?.db.close();
}

/** Refuses to search an index with vectors from another model: the results would be silent garbage. */
export function assertSameEmbedder(
  built: EmbedderInfo,
  configured: Pick<EmbedderInfo, 'provider' | 'model'> & { dimension?: number },
): void {
  const same =
    built.provider === configured.provider &&
    built.model === configured.model &&
    (configured.dimension === undefined || built.dimension === configured.dimension);
  if (!same) {
    const fmt = (e: { provider: string; model: string; dimension?: number }) =>
      `${e.provider} ${e.model}${e.dimension ? ` (${e.dimension} dimensions)` : ''}`;
    throw new IndexMismatchError(
      `The index was built with ${fmt(built)} but the configuration uses ${fmt(configured)}. ` +
        'Rebuild it with `archivist index --full`, or go back to the settings it was built with.',
    );
  }
}
