// Tokens the chat model used, per UTC day, per user and per server, in their own SQLite file beside the
// generations (like feedback.db), so a restart or an index swap does not reset a day's budget. Ids are
// stored as their sha256: the counts are not tied to a person.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type UsageScope = 'user' | 'server';

/** Days kept: enough to look back a week, little enough never to grow. */
const KEEP_DAYS = 8;

export const hashId = (id: string): string => createHash('sha256').update(id).digest('hex');

export class TokenUsageStore {
  private db: Database.Database | null = null;

  constructor(private readonly file: string) {}

  private open(): Database.Database {
    if (!this.db) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const db = new Database(this.file);
      db.pragma('journal_mode = WAL');
      db.exec(`CREATE TABLE IF NOT EXISTS usage (
        day TEXT NOT NULL, scope TEXT NOT NULL CHECK (scope IN ('user', 'server')), id_hash TEXT NOT NULL,
        tokens INTEGER NOT NULL, PRIMARY KEY (day, scope, id_hash))`);
      const oldest = new Date(Date.now() - KEEP_DAYS * 86_400_000).toISOString().slice(0, 10);
      db.prepare('DELETE FROM usage WHERE day < ?').run(oldest);
      this.db = db;
    }
    return this.db;
  }

  /** Tokens used on `day` (yyyy-mm-dd, UTC) by this user or server. */
  used(scope: UsageScope, id: string, day: string): number {
    const row = this.open().prepare('SELECT tokens FROM usage WHERE day = ? AND scope = ? AND id_hash = ?').get(day, scope, hashId(id)) as
      | { tokens: number }
      | undefined;
    return row?.tokens ?? 0;
  }

  add(scope: UsageScope, id: string, day: string, tokens: number): void {
    if (tokens <= 0) return;
    this.open()
      .prepare(
        `INSERT INTO usage (day, scope, id_hash, tokens) VALUES (?, ?, ?, ?)
         ON CONFLICT (day, scope, id_hash) DO UPDATE SET tokens = tokens + excluded.tokens`,
      )
      .run(day, scope, hashId(id), Math.round(tokens));
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
