// Keeps recent answers in memory so the buttons under them (Sources, 👍/👎) can act on them.
// Bounded in size and age; after a restart old buttons answer that the answer has expired.
import { randomBytes } from 'node:crypto';
import type { Citation } from '../types.ts';

export interface StoredAnswer {
  question: string;
  answer: string;
  citations: Citation[];
  /** Rating last recorded per user (in memory only), so repeated clicks are not recorded twice. */
  votes: Map<string, 1 | -1>;
}

export class AnswerStore {
  private readonly entries = new Map<string, { answer: StoredAnswer; at: number }>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxAgeMs = 7 * 24 * 3600 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores an answer and returns its short id (fits in a button's custom id). */
  put(answer: Omit<StoredAnswer, 'votes'>): string {
    const id = randomBytes(9).toString('base64url');
    this.entries.set(id, { answer: { ...answer, votes: new Map() }, at: this.now() });
    // Map iteration order is insertion order: the first keys are the oldest.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return id;
  }

  get(id: string): StoredAnswer | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.maxAgeMs) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.answer;
  }
}
