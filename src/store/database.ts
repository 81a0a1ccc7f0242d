// SQLite access for one index generation. All SQL lives here.
import Database from 'better-sqlite3';
import { foldForMatch } from '../shared/text.ts';
import type { Article, ChunkDraft, Passage, SearchFilters, SourceInfo } from '../types.ts';
import { SCHEMA_SQL } from './schema.ts';

type Db = Database.Database;

export interface StoredChunk {
  id: number;
  articleId: string;
  position: number;
  start: number;
  end: number;
  text: string;
}

/** The label column, or NULL in a generation built before articles had labels (it is read as it is). */
const labelColumn = (hasLabel: boolean) => (hasLabel ? 'a.label' : 'NULL AS label');

export function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function fromBlob(b: Buffer): Float32Array {
  // Copy: the Buffer may share a pool and is not guaranteed 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export class ArchiveDb {
  private readonly label: string;

  private constructor(readonly db: Db) {
    const columns = db.prepare('PRAGMA table_info(articles)').all() as Array<{ name: string }>;
    this.label = labelColumn(columns.some((c) => c.name === 'label'));
  }

  private get passageColumns(): string {
    return `c.id AS chunkId, c.article_id AS articleId, a.title, ${this.label}, a.outlet, a.date, a.url, c.text, c.start, c.end`;
  }

  static open(file: string, options: { readonly?: boolean } = {}): ArchiveDb {
    const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA_SQL);
      // A copy of a generation from before labels (CLEANER_VERSION 3 rebuilds those in full anyway).
      const columns = db.prepare('PRAGMA table_info(articles)').all() as Array<{ name: string }>;
      if (!columns.some((c) => c.name === 'label')) db.exec('ALTER TABLE articles ADD COLUMN label TEXT');
    }
    return new ArchiveDb(db);
  }

  /** A compact copy of this database at `file` (the start of an incremental generation). */
  copyTo(file: string): void {
    this.db.prepare('VACUUM INTO ?').run(file);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  articleHashes(): Map<string, string> {
    const rows = this.db.prepare('SELECT id, hash FROM articles').all() as Array<{ id: string; hash: string }>;
    return new Map(rows.map((r) => [r.id, r.hash]));
  }

  counts(): { articles: number; chunks: number } {
    const articles = (this.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    const chunks = (this.db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
    return { articles, chunks };
  }

  /** Removes an article with its chunks; returns the removed chunk ids (hnswlib labels). */
  deleteArticle(id: string): number[] {
    const ids = (this.db.prepare('SELECT id FROM chunks WHERE article_id = ?').all(id) as Array<{ id: number }>).map((r) => r.id);
    const delFts = this.db.prepare('DELETE FROM chunks_fts WHERE rowid = ?');
    for (const chunkId of ids) delFts.run(chunkId);
    this.db.prepare('DELETE FROM chunks WHERE article_id = ?').run(id);
    this.db.prepare('DELETE FROM articles WHERE id = ?').run(id);
    return ids;
  }

  /** Inserts an article and its embedded chunks; returns the new chunk ids in order. */
  insertArticle(article: Article, chunks: Array<{ draft: ChunkDraft; embedding: Float32Array }>): number[] {
    this.db
      .prepare(
        `INSERT INTO articles (id, source_path, title, label, date, outlet, url, hash, text, chars, indexed_at)
         VALUES (@id, @sourcePath, @title, @label, @date, @outlet, @url, @hash, @text, @chars, @indexedAt)`,
      )
      .run({ ...article, label: article.label ?? null, chars: article.text.length, indexedAt: new Date().toISOString() });
    const insChunk = this.db.prepare('INSERT INTO chunks (article_id, position, start, end, text, embedding) VALUES (?, ?, ?, ?, ?, ?)');
    const insFts = this.db.prepare('INSERT INTO chunks_fts (rowid, title, text) VALUES (?, ?, ?)');
    const foldedTitle = article.title ? foldForMatch(article.title) : '';
    return chunks.map(({ draft, embedding }) => {
      const id = Number(insChunk.run(article.id, draft.position, draft.start, draft.end, draft.text, toBlob(embedding)).lastInsertRowid);
      insFts.run(id, foldedTitle, foldForMatch(draft.text));
      return id;
    });
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  *allEmbeddings(): Generator<{ id: number; embedding: Float32Array }> {
    for (const row of this.db.prepare('SELECT id, embedding FROM chunks ORDER BY id').iterate() as Iterable<{
      id: number;
      embedding: Buffer;
    }>) {
      yield { id: row.id, embedding: fromBlob(row.embedding) };
    }
  }

  embeddings(ids: number[]): Map<number, Float32Array> {
    if (ids.length === 0) return new Map();
    const rows = this.db.prepare(`SELECT id, embedding FROM chunks WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as Array<{
      id: number;
      embedding: Buffer;
    }>;
    return new Map(rows.map((r) => [r.id, fromBlob(r.embedding)]));
  }

  listSources(): SourceInfo[] {
    return this.db
      .prepare(
        `SELECT a.id, a.title, ${this.label}, a.date, a.outlet, a.url, a.source_path AS sourcePath, a.chars,
                (SELECT count(*) FROM chunks c WHERE c.article_id = a.id) AS chunks
           FROM articles a ORDER BY a.date IS NULL, a.date DESC, a.id`,
      )
      .all() as SourceInfo[];
  }

  article(id: string): (SourceInfo & { text: string }) | undefined {
    return this.db
      .prepare(
        `SELECT a.id, a.title, ${this.label}, a.date, a.outlet, a.url, a.source_path AS sourcePath, a.chars, a.text,
                (SELECT count(*) FROM chunks c WHERE c.article_id = a.id) AS chunks
           FROM articles a WHERE a.id = ?`,
      )
      .get(id) as (SourceInfo & { text: string }) | undefined;
  }

  chunksOf(articleId: string): StoredChunk[] {
    return this.db
      .prepare('SELECT id, article_id AS articleId, position, start, end, text FROM chunks WHERE article_id = ? ORDER BY position')
      .all(articleId) as StoredChunk[];
  }

  passages(ids: number[]): Map<number, Omit<Passage, 'score'>> {
    if (ids.length === 0) return new Map();
    const rows = this.db
      .prepare(
        `SELECT ${this.passageColumns} FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids) as Array<Omit<Passage, 'score'>>;
    return new Map(rows.map((r) => [r.chunkId, r]));
  }

  /** BM25 over the folded text and title. Returns chunk ids with scores, higher is better. */
  keywordSearch(matchExpression: string, limit: number, allowed: Set<number> | null): Array<{ chunkId: number; score: number }> {
    // bm25() is lower-is-better; a title match weighs half a body match.
    const filter = allowed ? 'AND rowid IN (SELECT value FROM json_each(?))' : '';
    const args: unknown[] = [matchExpression];
    if (allowed) args.push(JSON.stringify([...allowed]));
    args.push(limit);
    return this.db
      .prepare(
        `SELECT rowid AS chunkId, -bm25(chunks_fts, 0.5, 1.0) AS score FROM chunks_fts
          WHERE chunks_fts MATCH ? ${filter} ORDER BY bm25(chunks_fts, 0.5, 1.0) LIMIT ?`,
      )
      .all(...args) as Array<{ chunkId: number; score: number }>;
  }

  /** Whether any passage matches an FTS expression (used to tell whether the corpus mentions a name at all). */
  hasMatch(matchExpression: string): boolean {
    return this.db.prepare('SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT 1').get(matchExpression) !== undefined;
  }

  /** Chunk ids passing the filters, or null when no filter is set. */
  filteredChunkIds(filters: SearchFilters): Set<number> | null {
    const where: string[] = [];
    const args: string[] = [];
    if (filters.sources?.length) {
      const ph = filters.sources.map(() => '?').join(',');
      where.push(`(a.id IN (${ph}) OR lower(a.outlet) IN (${ph}))`);
      args.push(...filters.sources, ...filters.sources.map((s) => s.toLowerCase()));
    }
    if (filters.from) {
      where.push('a.date >= ?');
      args.push(filters.from);
    }
    if (filters.to) {
      where.push('a.date <= ?');
      args.push(filters.to);
    }
    if (where.length === 0) return null;
    const rows = this.db
      .prepare(`SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article_id WHERE ${where.join(' AND ')}`)
      .all(...args) as Array<{ id: number }>;
    return new Set(rows.map((r) => r.id));
  }
}
