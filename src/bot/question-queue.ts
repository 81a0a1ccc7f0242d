// Questions (slash commands and mentions) wait here for their turn: served round-robin across users, so one
// user's ten questions do not delay ten other users, at most `concurrency` at once, and bounded, so that
// past capacity a question is refused at once with an honest wait instead of being acknowledged and then
// answered minutes later. Admission is synchronous: the router decides before it acknowledges.
//
// Hand-written rather than p-queue: p-queue has priorities but no per-user rotation, no per-user bound and
// no "how many are ahead of this one" for the notice.

export interface QueueSettings {
  /** Questions waiting (not counting those being answered) beyond which new ones are refused. */
  maxWaiting: number;
  /** Questions one user may have waiting at once. */
  maxPerUser: number;
  /** Questions answered at once. */
  concurrency: number;
}

export type Admission<T> =
  | {
      ok: true;
      /** Questions that will be answered, or are being answered, before this one starts. */
      ahead: number;
      /** Roughly how long until this one is answered. */
      estimateMs: number;
      /** Settles with the work's result once it has had its turn. */
      done: Promise<T>;
    }
  | { ok: false; reason: 'full' | 'user'; retryAfterMs: number };

interface Entry {
  start: () => void;
}

/** Service time assumed before any question has been answered. */
const INITIAL_SERVICE_MS = 1500;
/** Weight of the newest service time in the moving average. */
const EWMA = 0.2;

export class QuestionQueue {
  private readonly waiting = new Map<string, Entry[]>();
  /** Users with questions waiting, in serving order: the first is served next, then goes to the back. */
  private rotation: string[] = [];
  private total = 0;
  private active = 0;
  private serviceMs = INITIAL_SERVICE_MS;
  /** Questions answered, and refused for capacity, since start. */
  readonly counts = { answered: 0, refusedFull: 0, refusedUser: 0 };

  constructor(
    private readonly settings: QueueSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Admits `work` for `user` and runs it in its turn, or says why not and when to try again. */
  admit<T>(user: string, work: () => Promise<T>): Admission<T> {
    const mine = this.waiting.get(user) ?? [];
    if (this.total >= this.settings.maxWaiting) {
      this.counts.refusedFull++;
      return { ok: false, reason: 'full', retryAfterMs: this.drainMs(this.total) };
    }
    if (mine.length >= this.settings.maxPerUser) {
      this.counts.refusedUser++;
      return { ok: false, reason: 'user', retryAfterMs: this.drainMs(this.positionOf(user, mine.length)) };
    }
    const ahead = this.active + this.positionOf(user, mine.length);
    const estimateMs = this.drainMs(ahead + 1);
    let entry!: Entry;
    const done = new Promise<T>((resolve, reject) => {
      entry = {
        start: () => {
          const began = this.now();
          Promise.resolve()
            .then(work)
            .then(resolve, reject)
            .finally(() => {
              this.active--;
              this.counts.answered++;
              this.serviceMs = (1 - EWMA) * this.serviceMs + EWMA * (this.now() - began);
              this.pump();
            });
        },
      };
    });
    mine.push(entry);
    this.waiting.set(user, mine);
    if (!this.rotation.includes(user)) this.rotation.push(user);
    this.total++;
    this.pump();
    return { ok: true, ahead, estimateMs, done };
  }

  /** What /status shows. */
  stats(): { waiting: number; active: number; users: number; serviceMs: number } {
    return { waiting: this.total, active: this.active, users: this.rotation.length, serviceMs: this.serviceMs };
  }

  /** Time to answer `n` questions at the current pace. */
  private drainMs(n: number): number {
    return Math.ceil(n / this.settings.concurrency) * this.serviceMs;
  }

  /**
   * Waiting questions served before `user`'s question number `k` (0-based among theirs): in round r every
   * user in rotation order gives one question, so each other user contributes up to k of theirs, plus one
   * more if they come before `user` in the order.
   */
  private positionOf(user: string, k: number): number {
    let ahead = k;
    let before = true;
    for (const u of this.rotation) {
      if (u === user) {
        before = false;
        continue;
      }
      const n = this.waiting.get(u)?.length ?? 0;
      ahead += Math.min(n, k) + (before && n > k ? 1 : 0);
    }
    return ahead;
  }

  private pump(): void {
    while (this.active < this.settings.concurrency && this.rotation.length > 0) {
      const user = this.rotation.shift()!;
      const mine = this.waiting.get(user)!;
      const entry = mine.shift()!;
      if (mine.length > 0) this.rotation.push(user);
      else this.waiting.delete(user);
      this.total--;
      this.active++;
      entry.start();
    }
  }
}
