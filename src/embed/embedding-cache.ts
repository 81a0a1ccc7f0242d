// Embeddings kept on disk, keyed by the model and the text: a sentence's vector depends on nothing else,
// so it stays valid across reindexes and restarts. One SQLite file beside the index generations
// (INDEX_DIR/sentence-vectors.db), shared by every process using that index (WAL: readers never wait).
// Bounded: past `maxRows` the oldest rows go. A cache is never worth failing over: when the file cannot
// be opened or written, the vectors are simply not kept (`onError` hears why, once).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Rows written between two prunings, as a share of the bound, so pruning runs rarely. */
const PRUNE_SLACK = 0.1;

interface Open {
  db: Database.Database;
  select: Database.Statement<[Buffer], { vector: Buffer }>;
  insert: Database.Statement<[Buffer, Buffer]>;
}

export interface EmbeddingCacheOptions {
  file: string;
  /** Provider and model: vectors of another model are another key. */
  model: string;
  maxRows: number;
  onError?: (err: Error) => void;
}

export class EmbeddingCache {
  private open: Open | null = null;
  private broken = false;
  private writes = 0;

  constructor(private readonly options: EmbeddingCacheOptions) {}

  /** Opened on first use, so that an archive that never answers creates no file. */
  private handle(): Open | null {
    if (this.open || this.broken) return this.open;
    try {
      fs.mkdirSync(path.dirname(this.options.file), { recursive: true });
      const db = new Database(this.options.file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 2000');
      db.exec('CREATE TABLE IF NOT EXISTS vectors (id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, vector BLOB NOT NULL)');
      this.open = {
        db,
        select: db.prepare('SELECT vector FROM vectors WHERE key = ?'),
        insert: db.prepare('INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)'),
      };
    } catch (err) {
      this.fail(err);
    }
    return this.open;
  }

  private fail(err: unknown): void {
    if (!this.broken) this.options.onError?.(err as Error);
    this.broken = true;
    this.close();
  }

  private key(text: string): Buffer {
    return createHash('sha256').update(this.options.model).update('\0').update(text).digest().subarray(0, 16);
  }

  /** The stored vector of each text, or undefined. */
  get(texts: string[]): Array<Float32Array | undefined> {
    const h = this.handle();
    if (!h) return texts.map(() => undefined);
    try {
      return texts.map((t) => {
        const row = h.select.get(this.key(t));
        if (!row) return undefined;
        // Copied out: the Buffer may share a pool and need not be 4-byte aligned.
        const v = new Float32Array(row.vector.byteLength / 4);
        new Uint8Array(v.buffer).set(row.vector);
        return v;
      });
    } catch (err) {
      this.fail(err);
      return texts.map(() => undefined);
    }
  }

  /** The texts that have no stored vector. */
  missing(texts: string[]): string[] {
    const h = this.handle();
    if (!h) return texts;
    try {
      const has = h.db.prepare<[Buffer], { one: number }>('SELECT 1 AS one FROM vectors WHERE key = ?');
      return texts.filter((t) => !has.get(this.key(t)));
    } catch (err) {
      this.fail(err);
      return texts;
    }
  }

  /** How many rows it may hold. */
  get capacity(): number {
    return this.options.maxRows;
  }

  put(entries: Array<[string, Float32Array]>): void {
    const h = entries.length ? this.handle() : null;
    if (!h) return;
    try {
      h.db.transaction(() => {
        for (const [text, v] of entries) h.insert.run(this.key(text), Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      })();
      this.writes += entries.length;
      if (this.writes >= Math.max(1, this.options.maxRows * PRUNE_SLACK)) this.prune(h);
    } catch (err) {
      // SQLITE_BUSY from another process is not worth giving the cache up for; anything else is.
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') this.fail(err);
    }
  }

  rows(): number {
    const h = this.handle();
    return h ? (h.db.prepare('SELECT count(*) AS n FROM vectors').get() as { n: number }).n : 0;
  }

  private prune(h: Open): void {
    this.writes = 0;
    const max = (h.db.prepare('SELECT max(id) AS m FROM vectors').get() as { m: number | null }).m ?? 0;
    h.db.prepare('DELETE FROM vectors WHERE id <= ?').run(max - this.options.maxRows);
  }

  close(): void {
    if (this.open?.db.open) this.open.db.close();
    this.open = null;
  }
}
