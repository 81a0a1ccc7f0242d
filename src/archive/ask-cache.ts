// One computation per question: the same question asked again while it is being answered joins the answer
// in progress, and asked again soon after (within ASK_CACHE_SECONDS) on the same index generation gets the
// answer already made. The key holds the generation, so a reindex starts afresh.
import type { AskOptions, AskResult } from '../types.ts';

export interface AskCacheOptions {
  /** How long a finished answer is reused; 0 keeps only the sharing of answers in progress. */
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * The same question for the cache: case and spacing aside, with the same history, filters, server and k.
 * With `perAsker` (a chat model answers, and its token budgets are per user and server) also the same asker,
 * so that one user's spent budget never shows in another's answer.
 */
export function askKey(generation: string, question: string, options: AskOptions, perAsker = false): string {
  const fold = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  return JSON.stringify([
    generation,
    fold(question),
    options.server ?? null,
    perAsker ? [options.asker?.userId ?? null, options.asker?.guildId ?? null] : null,
    (options.history ?? []).map(fold),
    options.k ?? null,
    [...(options.sources ?? [])].sort(),
    options.from ?? null,
    options.to ?? null,
  ]);
}

export class AskCache {
  private readonly inFlight = new Map<string, Promise<AskResult>>();
  private readonly done = new Map<string, { result: AskResult; at: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Answers computed, and answers shared (joined in progress or reused), since start. */
  readonly counts = { computed: 0, shared: 0 };

  constructor(options: AskCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** The answer for `key`: reused, joined, or computed by `compute` (a failure is not kept). */
  async run(key: string, compute: () => Promise<AskResult>): Promise<AskResult> {
    const hit = this.done.get(key);
    if (hit && this.now() - hit.at <= this.ttlMs) {
      this.counts.shared++;
      return copy(hit.result);
    }
    if (hit) this.done.delete(key);
    const running = this.inFlight.get(key);
    if (running) {
      this.counts.shared++;
      return copy(await running);
    }
    this.counts.computed++;
    const work = compute();
    this.inFlight.set(key, work);
    try {
      const result = await work;
      // An answer with a note (the quoted answer standing in for the model's, and why) is of its moment: not kept.
      if (this.ttlMs > 0 && !result.note) this.keep(key, result);
      return copy(result);
    } finally {
      this.inFlight.delete(key);
    }
  }

  private keep(key: string, result: AskResult): void {
    this.done.set(key, { result, at: this.now() });
    // Map keeps insertion order: the first keys are the oldest.
    for (const k of this.done.keys()) {
      if (this.done.size <= this.maxEntries) break;
      this.done.delete(k);
    }
  }
}

/** Each caller gets its own object: one adapter changing what it got must not change another's. */
function copy(result: AskResult): AskResult {
  return structuredClone(result);
}
