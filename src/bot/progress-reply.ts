// Shows a long job's progress by editing the deferred reply: once at the start, then at most
// once per interval (Discord rate-limits edits, and a reply flickering faster helps nobody).
// Edits go through one queue, so a late progress edit can never overwrite the final report.
import type { RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { ReindexProgress } from '../types.ts';
import { formatProgress } from './format/reindex.ts';
import { NO_MENTIONS } from './limits.ts';

export class ProgressReply {
  private latest: ReindexProgress | null = null;
  private shown: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private finished = false;
  private readonly startedAt = Date.now();

  constructor(
    private readonly interaction: RepliableInteraction,
    private readonly title: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Shows the first progress line (awaited, so it always precedes the report), then edits periodically. */
  async start(initial: ReindexProgress | null = null): Promise<void> {
    this.latest = initial;
    this.enqueueEdit();
    await this.queue;
    this.timer = setInterval(() => this.enqueueEdit(), this.intervalMs);
    // A pending progress edit must not keep a shutting-down process alive.
    this.timer.unref();
  }

  /** Listener for the archive's progress callbacks: only remembers, the timer does the edits. */
  readonly update = (progress: ReindexProgress): void => {
    this.latest = progress;
  };

  /** Stops the progress edits, waits for one in flight, and returns so the final text can go out. */
  async stop(): Promise<void> {
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue;
  }

  private enqueueEdit(): void {
    if (this.finished) return;
    const content = formatProgress(this.title, this.latest, Date.now() - this.startedAt);
    // Unchanged apart from the elapsed time is still worth showing: it proves the job is alive.
    if (content === this.shown) return;
    this.queue = this.queue.then(async () => {
      if (this.finished) return;
      try {
        await this.interaction.editReply({ content, allowedMentions: NO_MENTIONS });
        this.shown = content;
      } catch (err) {
        this.logger.warn({ error: (err as Error).message }, 'progress edit failed');
      }
    });
  }
}
