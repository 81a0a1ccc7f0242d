// A read-only view of one published generation: what queries run against while reindexes come and go.
// Opening one checks it whole first (manifest, SQLite quick check, the vectors file, and that the vectors,
// the chunk rows and the keyword rows all count the same), so damage is reported as such, with the command
// that repairs it, instead of surfacing later as a stack trace or as answers silently missing their half.
import type { EmbedderInfo } from '../types.ts';
import { ArchiveDb, describeSqliteFailure } from './database.ts';
import { currentGeneration, generationFiles, readManifest, type Manifest } from './layout.ts';
import { damagedIndex, IndexMismatchError } from '../errors.ts';
import { checkVectorFile, VectorIndex } from './vectors.ts';

export interface Snapshot {
  generation: string;
  dir: string;
  manifest: Manifest;
  db: ArchiveDb;
  vectors: VectorIndex;
}

/** Opens the live generation, or returns null when there is none; IndexDamagedError when it is not whole. */
export function openSnapshot(indexDir: string): Snapshot | null {
  const current = currentGeneration(indexDir);
  if (!current) return null;
  return openGeneration(current.name, current.dir);
}

/** Opens and checks one generation folder (published or still in staging). */
export function openGeneration(name: string, dir: string): Snapshot {
  const manifest = readManifest(dir);
  const files = generationFiles(dir);
  const db = openCheckedDb(dir, files.db, manifest);
  try {
    const problem = checkVectorFile(files.vectors, manifest.embedder.dimension, manifest.chunks + manifest.hnsw.deleted);
    if (problem) throw damagedIndex(dir, problem);
    let vectors: VectorIndex;
    try {
      vectors = VectorIndex.load(files.vectors, manifest.embedder.dimension, manifest.hnsw.deleted);
    } catch (err) {
      throw damagedIndex(dir, `hnswlib cannot load vectors.hnsw (${(err as Error).message})`);
    }
    if (vectors.size !== manifest.chunks)
      throw damagedIndex(dir, `vectors.hnsw holds ${vectors.size} live vectors, the manifest ${manifest.chunks}`);
    return { generation: name, dir, manifest, db, vectors };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Opens a generation's database read-only, quick-checks it and compares its counts with the manifest's. */
function openCheckedDb(dir: string, file: string, manifest: Manifest): ArchiveDb {
  let db: ArchiveDb;
  try {
    db = ArchiveDb.open(file, { readonly: true });
  } catch (err) {
    throw damagedIndex(dir, `archive.db ${describeSqliteFailure(err)}`);
  }
  try {
    const problem = db.integrityProblem();
    if (problem) throw damagedIndex(dir, `archive.db ${problem}`);
    let counts: ReturnType<ArchiveDb['verifiedCounts']>;
    try {
      counts = db.verifiedCounts();
    } catch (err) {
      throw damagedIndex(dir, `archive.db is not an index database (${(err as Error).message})`);
    }
    if (counts.articles !== manifest.articles || counts.chunks !== manifest.chunks || counts.keywordRows !== manifest.chunks) {
      throw damagedIndex(
        dir,
        `its counts disagree (manifest: ${manifest.articles} articles, ${manifest.chunks} chunks; archive.db: ${counts.articles} articles, ${counts.chunks} chunks, ${counts.keywordRows} keyword rows)`,
      );
    }
    return db;
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
