// User feedback (👍/👎) in its own SQLite file beside the generations, so an index swap never loses it. Who
// voted is kept only as an HMAC-SHA256 of the Discord user id, keyed with a random secret kept beside it
// (feedback.key, made on first use, readable by its owner only): a plain hash of a user id could be reversed
// by hashing every id of a server's member list; the HMAC cannot be without the key.
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { storageError } from '../errors.ts';
import type { FeedbackRecord } from '../types.ts';

/** The feedback key: read, or made once (`wx`, so two processes starting together agree on one). */
export function feedbackKey(file: string): Buffer {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      const key = randomBytes(32);
      try {
        fs.writeSync(fd, key.toString('hex'));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const text = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
    if (text !== '') throw new Error(`${file} is not a feedback key (64 hex digits); move it away to make a new one`);
    // Empty: another process has just created it and is writing it.
  }
  throw new Error(`${file} stayed empty: another process may have died while making it; delete it to make a new one`);
}

/** How a user is kept in the feedback: the HMAC of the id under the key. */
export function userHmac(key: Buffer, userId: string): string {
  return createHmac('sha256', key).update(userId).digest('hex');
}

export class FeedbackStore {
  private db: Database.Database | null = null;
  private key: Buffer | null = null;

  constructor(
    private readonly file: string,
    private readonly keyFile: string = path.join(path.dirname(file), 'feedback.key'),
  ) {}

  record(feedback: FeedbackRecord): void {
    try {
      this.write(feedback);
    } catch (err) {
      throw storageError(err, this.file, 'Recording the feedback', 'then vote again', 'your vote');
    }
  }

  private write(feedback: FeedbackRecord): void {
    if (!this.db) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.key = feedbackKey(this.keyFile);
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
        userHmac(this.key!, feedback.userId),
      );
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
