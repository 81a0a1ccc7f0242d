// User feedback (👍/👎) in its own SQLite file beside the generations, so an index swap never loses it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackRecord } from '../types.ts';

export class FeedbackStore {
  private db: Database.Database | null = null;

  constructor(private readonly file: string) {}

  record(feedback: FeedbackRecord): void {
    if (!this.db) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.db = new Database(this.file);
      this.db.exec(`CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
        citations TEXT NOT NULL, rating INTEGER NOT NULL CHECK (rating IN (-1, 1)), user_hash TEXT NOT NULL)`);
    }
    this.db
      .prepare('INSERT INTO feedback (created_at, question, answer, citations, rating, user_hash) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        new Date().toISOString(),
        feedback.question,
        feedback.answer,
        JSON.stringify(feedback.citations),
        feedback.rating,
        feedback.userHash,
      );
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
