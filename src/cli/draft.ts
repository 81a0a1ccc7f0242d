// A model's answer shown in the terminal while it is written, then taken back for the checked one: on a
// terminal the draft's rows are erased; elsewhere (a pipe) it stays above the final answer.
import readline from 'node:readline';

export class TerminalDraft {
  private shown = '';

  constructor(private readonly out: NodeJS.WritableStream) {}

  /** The text so far: what extends the text shown is written (markers are never in it; see answer/llm/markers.ts). */
  readonly update = (text: string): void => {
    if (!text.startsWith(this.shown)) return; // cannot be appended: the final answer will show it
    if (!this.shown) this.out.write('\n');
    this.out.write(text.slice(this.shown.length));
    this.shown = text;
  };

  finish(): void {
    if (!this.shown) return;
    const tty = this.out as NodeJS.WriteStream;
    if (tty.isTTY) {
      const columns = Math.max(1, tty.columns || 80);
      // Rows the draft takes: its opening blank line, then each line wrapped at the terminal's width.
      const rows = `\n${this.shown}`.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / columns)), 0);
      readline.moveCursor(tty, 0, -(rows - 1));
      readline.cursorTo(tty, 0);
      readline.clearScreenDown(tty);
    } else {
      this.out.write('\n');
    }
    this.shown = '';
  }
}
