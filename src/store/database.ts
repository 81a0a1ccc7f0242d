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

/** Servers whose visible chunk sets are kept per generation (a generation never changes, so they stay right). */
const VISIBLE_SETS = 16;

/** What a failure to open or read a database file says about the file ("is not a SQLite database"). */
export function describeSqliteFailure(err: unknown): string {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') return 'is not a SQLite database';
  if (code === 'SQLITE_CANTOPEN') return 'is missing or cannot be opened';
  return code.startsWith('SQLITE_CORRUPT') ? `is corrupt (${(err as Error).message})` : `cannot be read (${(err as Error).message})`;
}

export class ArchiveDb {
  /** False in a generation built before collections (format 1): everything in it is the shared corpus. */
  private readonly hasCollection: boolean;
  /** "a.label", or NULL in a generation built before labels. */
  private readonly label: string;
  private serverArticles: boolean | null = null;
  private readonly visible = new Map<string, Set<number>>();

  private constructor(readonly db: Db) {
    const columns = db.prepare('PRAGMA table_info(articles)').all() as Array<{ name: string }>;
    this.hasCollection = columns.some((c) => c.name === 'collection');
    this.label = labelColumn(columns.some((c) => c.name === 'label'));
  }

  private get passageColumns(): string {
    return `c.id AS chunkId, c.article_id AS articleId, a.title, ${this.label}, a.outlet, a.date, a.url, c.text, c.start, c.end`;
  }

  private get collectionColumn(): string {
    return this.hasCollection ? 'a.collection' : 'NULL AS collection';
  }

  /** Whether any article belongs to a server's collection: when none does, nothing needs hiding. */
  private hasServerArticles(): boolean {
    this.serverArticles ??=
      this.hasCollection && this.db.prepare('SELECT 1 FROM articles WHERE collection IS NOT NULL LIMIT 1').get() !== undefined;
    return this.serverArticles;
  }

  /** The SQL condition (on articles `a`) for what a server sees: the shared corpus and its own articles. */
  private static visibleTo(server: string | undefined): { sql: string; args: string[] } {
    return server ? { sql: '(a.collection IS NULL OR a.collection = ?)', args: [server] } : { sql: 'a.collection IS NULL', args: [] };
  }

  static open(file: string, options: { readonly?: boolean } = {}): ArchiveDb {
    const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    try {
      if (!options.readonly) {
        db.pragma('journal_mode = DELETE');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        db.exec(SCHEMA_SQL);
        // A copy of a generation from before labels or collections gains the columns (a reindex across
        // CLEANER_VERSION 3 or FORMAT_VERSION 2 rebuilds in full anyway; this keeps any writer safe).
        const columns = new Set((db.prepare('PRAGMA table_info(articles)').all() as Array<{ name: string }>).map((c) => c.name));
        for (const column of ['label', 'collection']) if (!columns.has(column)) db.exec(`ALTER TABLE articles ADD COLUMN ${column} TEXT`);
      }
      return new ArchiveDb(db);
    } catch (err) {
      db.close();
      throw err;
    }
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

  /** What SQLite's quick check finds wrong with the file, or null when it passes. */
  integrityProblem(): string | null {
    let rows: Array<{ quick_check: string }>;
    try {
      rows = this.db.pragma('quick_check') as Array<{ quick_check: string }>;
    } catch (err) {
      return describeSqliteFailure(err);
    }
    const first = rows[0]?.quick_check;
    return first === 'ok' ? null : `fails SQLite's quick check (${first ?? 'no result'})`;
  }

  /** Articles, chunk rows and keyword (FTS) rows: a whole generation has as many keyword rows as chunks. */
  verifiedCounts(): { articles: number; chunks: number; keywordRows: number } {
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { articles: count('articles'), chunks: count('chunks'), keywordRows: count('chunks_fts') };
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
        `INSERT INTO articles (id, source_path, title, label, date, outlet, url, hash, text, chars, indexed_at, collection)
         VALUES (@id, @sourcePath, @title, @label, @date, @outlet, @url, @hash, @text, @chars, @indexedAt, @collection)`,
      )
      .run({
        ...article,
        label: article.label ?? null,
        chars: article.text.length,
        indexedAt: new Date().toISOString(),
        collection: article.collection ?? null,
      });
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

  /** Every article, of every collection (callers show each server only what it may see). */
  listSources(): SourceInfo[] {
    return this.db
      .prepare(
        `SELECT a.id, a.title, ${this.label}, a.date, a.outlet, a.url, a.source_path AS sourcePath, a.chars, ${this.collectionColumn},
                (SELECT count(*) FROM chunks c WHERE c.article_id = a.id) AS chunks
           FROM articles a ORDER BY a.date IS NULL, a.date DESC, a.id`,
      )
      .all() as SourceInfo[];
  }

  article(id: string): (SourceInfo & { text: string }) | undefined {
    return this.db
      .prepare(
        `SELECT a.id, a.title, ${this.label}, a.date, a.outlet, a.url, a.source_path AS sourcePath, a.chars, a.text, ${this.collectionColumn},
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

  /**
   * Whether any passage the server may see matches an FTS expression (used to tell whether the articles mention a
   * name at all): another server's articles must not change the answer, or a question could probe them.
   */
  hasMatch(matchExpression: string, server?: string): boolean {
    if (!this.hasServerArticles()) {
      return this.db.prepare('SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT 1').get(matchExpression) !== undefined;
    }
    const scope = ArchiveDb.visibleTo(server);
    return (
      this.db
        .prepare(
          `SELECT 1 FROM chunks_fts f JOIN chunks c ON c.id = f.rowid JOIN articles a ON a.id = c.article_id
            WHERE chunks_fts MATCH ? AND ${scope.sql} LIMIT 1`,
        )
        .get(matchExpression, ...scope.args) !== undefined
    );
  }

  /** Whether any of the chunks `allowed` (a question's filtered scope) matches an FTS expression. */
  hasMatchIn(matchExpression: string, allowed: Set<number>): boolean {
    if (allowed.size === 0) return false;
    // One question probes several terms against the same scope: its ids are serialised once.
    let ids = this.allowedJson.get(allowed);
    if (ids === undefined) {
      ids = JSON.stringify([...allowed]);
      this.allowedJson.set(allowed, ids);
    }
    return (
      this.db
        .prepare('SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?)) LIMIT 1')
        .get(matchExpression, ids) !== undefined
    );
  }

  private readonly allowedJson = new WeakMap<Set<number>, string>();

  private vocabulary: string[] | null = null;

  /**
   * Indexed terms (folded and stemmed as FTS5 stores them) of about the same length as `term` and with its
   * first letter, for finding near spellings ("ghandi" → "gandhi"). Read through an fts5vocab table in
   * the temp schema, which a read-only connection may create. The caller checks what it finds with
   * hasMatch, which knows the server's scope.
   */
  termsLike(term: string, lengthSlack: number): string[] {
    if (!this.vocabulary) {
      this.db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.archivist_vocab USING fts5vocab(main, chunks_fts, row)');
      this.vocabulary = (this.db.prepare('SELECT term FROM temp.archivist_vocab').all() as Array<{ term: string }>).map((r) => r.term);
    }
    return this.vocabulary.filter((t) => t[0] === term[0] && Math.abs(t.length - term.length) <= lengthSlack);
  }

  /** Whether an article the server may see is dated in the year (a question naming it is about something). */
  hasArticleFromYear(year: string, server?: string): boolean {
    const scope = this.hasServerArticles() ? ArchiveDb.visibleTo(server) : { sql: '1', args: [] as string[] };
    return (
      this.db.prepare(`SELECT 1 FROM articles a WHERE a.date LIKE ? AND ${scope.sql} LIMIT 1`).get(`${year}-%`, ...scope.args) !== undefined
    );
  }

  /** Chunk ids passing the filters and visible to `filters.server`, or null when nothing is filtered out. */
  filteredChunkIds(filters: SearchFilters): Set<number> | null {
    const where: string[] = [];
    const args: string[] = [];
    const scoped = this.hasServerArticles();
    if (scoped) {
      const scope = ArchiveDb.visibleTo(filters.server);
      where.push(scope.sql);
      args.push(...scope.args);
    }
    const onlyScope = scoped && !filters.sources?.length && !filters.from && !filters.to;
    const key = filters.server ?? '';
    if (onlyScope && this.visible.has(key)) {
      const cached = this.visible.get(key)!;
      this.visible.delete(key); // most recently used last
      this.visible.set(key, cached);
      return cached;
    }
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
    const ids = new Set(rows.map((r) => r.id));
    if (onlyScope) {
      this.visible.set(key, ids);
      for (const old of this.visible.keys()) {
        if (this.visible.size <= VISIBLE_SETS) break;
        this.visible.delete(old);
      }
    }
    return ids;
  }
}
