// The bot runs one index change (reindex, /sources add, /sources remove) at a time. The slot
// is taken synchronously, before any await, so two commands arriving together cannot both start.
import { ReindexBusyError } from '../errors.ts';

export interface RunningJob {
  label: string;
  startedAt: number;
}

/** This bot is already changing the index; says what runs and since when. */
export class JobBusyError extends ReindexBusyError {
  override name = 'JobBusyError';
  constructor(readonly running: RunningJob) {
    super(`${running.label} is already running. Please try again when it has finished.`);
  }
}

export class IndexJobs {
  private current: (RunningJob & { controller: AbortController }) | null = null;
  private readonly finished: Array<() => void> = [];

  /** Calls `listener` after each job, whether it succeeded or not (the index may have changed). */
  onFinished(listener: () => void): void {
    this.finished.push(listener);
  }

  running(): RunningJob | null {
    return this.current ? { label: this.current.label, startedAt: this.current.startedAt } : null;
  }

  /**
   * Runs `work` holding the slot, or rejects with JobBusyError. The slot is taken during this
   * call, before `work` first awaits.
   */
  run<T>(label: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.current) return Promise.reject(new JobBusyError(this.running() as RunningJob));
    const job = { label, startedAt: Date.now(), controller: new AbortController() };
    this.current = job;
    return (async () => {
      try {
        return await work(job.controller.signal);
      } finally {
        if (this.current === job) this.current = null;
        for (const listener of this.finished) listener();
      }
    })();
  }

  /** Asks the running job to stop (shutdown); the live index is left as it was. */
  abort(): void {
    this.current?.controller.abort();
  }
}
