// Tracks the work in flight, so shutdown can stop taking new questions and still finish
// the ones already being answered.

export class Lifecycle {
  private readonly inFlight = new Set<Promise<unknown>>();
  private open = true;

  get accepting(): boolean {
    return this.open;
  }

  /** Registers a handler's promise until it settles. Rejections are the handler's to log. */
  track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined);
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  /** Stops accepting, then waits for the work in flight, at most `timeoutMs`. Returns how many were left. */
  async drain(timeoutMs: number): Promise<number> {
    this.open = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    while (this.inFlight.size > 0) {
      const all = Promise.all([...this.inFlight]).then(() => 'done' as const);
      if ((await Promise.race([all, timeout.then(() => 'timeout' as const)])) === 'timeout') break;
    }
    clearTimeout(timer);
    return this.inFlight.size;
  }
}
