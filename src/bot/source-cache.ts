// The list of indexed articles, cached briefly: autocomplete fires on every keystroke and
// must answer within Discord's 3 seconds, and paging through /sources should not re-read it.
import type { Archive } from '../api.ts';
import type { SourceInfo } from '../types.ts';

export class SourceCache {
  private cached: { at: number; sources: SourceInfo[] } | null = null;

  constructor(
    private readonly archive: Archive,
    private readonly maxAgeMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  list(): SourceInfo[] {
    if (!this.cached || this.now() - this.cached.at > this.maxAgeMs) {
      this.cached = { at: this.now(), sources: this.archive.listSources() };
    }
    return this.cached.sources;
  }

  /** Called after the bot changed the index itself, so the change shows at once. */
  invalidate(): void {
    this.cached = null;
  }
}
