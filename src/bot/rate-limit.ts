// Per-user and per-guild limits on questions: a sliding window of recent question times per key.

export interface RateRule {
  count: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; scope: 'user' | 'guild'; retryAfterMs: number };

/** Above this many tracked keys, idle ones are swept so the maps cannot grow without bound. */
const SWEEP_THRESHOLD = 10_000;

class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly rule: RateRule) {}

  /** Milliseconds until `key` may ask again; 0 when it may ask now. */
  waitFor(key: string, now: number): number {
    const recent = this.prune(key, now);
    if (recent.length < this.rule.count) return 0;
    const oldest = recent[recent.length - this.rule.count] ?? now;
    return Math.max(1, oldest + this.rule.windowMs - now);
  }

  /** Takes back the latest hit of `key` (a question that failed on the bot's side costs nothing). */
  unrecord(key: string): void {
    const recent = this.hits.get(key);
    recent?.pop();
    if (recent?.length === 0) this.hits.delete(key);
  }

  record(key: string, now: number): void {
    const recent = this.prune(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > SWEEP_THRESHOLD) this.sweep(now);
  }

  private prune(key: string, now: number): number[] {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.rule.windowMs);
    if (recent.length === 0) this.hits.delete(key);
    else this.hits.set(key, recent);
    return recent;
  }

  private sweep(now: number): void {
    for (const key of [...this.hits.keys()]) this.prune(key, now);
  }
}

export class RateLimiter {
  private readonly users: SlidingWindow;
  private readonly guilds: SlidingWindow;

  constructor(
    userRule: RateRule,
    guildRule: RateRule,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new SlidingWindow(userRule);
    this.guilds = new SlidingWindow(guildRule);
  }

  /** Counts a question against both limits if both allow it; otherwise counts nothing. */
  take(userId: string, guildId: string | null): RateDecision {
    const now = this.now();
    const userWait = this.users.waitFor(userId, now);
    if (userWait > 0) return { ok: false, scope: 'user', retryAfterMs: userWait };
    if (guildId) {
      const guildWait = this.guilds.waitFor(guildId, now);
      if (guildWait > 0) return { ok: false, scope: 'guild', retryAfterMs: guildWait };
      this.guilds.record(guildId, now);
    }
    this.users.record(userId, now);
    return { ok: true };
  }

  /** Gives back a question taken with `take`, when answering it failed on the bot's side. */
  refund(userId: string, guildId: string | null): void {
    this.users.unrecord(userId);
    if (guildId) this.guilds.unrecord(guildId);
  }
}

export function rateLimitMessage(decision: Extract<RateDecision, { ok: false }>): string {
  const seconds = Math.ceil(decision.retryAfterMs / 1000);
  return decision.scope === 'user'
    ? `You are asking questions faster than this bot allows. Please wait ${seconds} s and ask again.`
    : `This server has asked the bot many questions in a short time. Please wait ${seconds} s and ask again.`;
}
