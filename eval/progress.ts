// Progress on stderr, so stdout holds only the report. Throttled: a line per second at most when
// stderr is a file, an in-place update when it is a terminal.

export class Progress {
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  tick(done: number, extra = ''): void {
    const now = Date.now();
    if (done < this.total && now - this.last < 1000) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const text = `${this.label}: ${done}/${this.total} (${rate.toFixed(1)}/s, ${secs.toFixed(0)} s)${extra ? ` ${extra}` : ''}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K${done >= this.total ? '\n' : ''}`);
    else process.stderr.write(`${text}\n`);
  }
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
