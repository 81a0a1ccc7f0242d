// The list of indexed articles, cached briefly: autocomplete fires on every keystroke and must answer within
// Discord's 3 seconds, and paging through /sources should not re-read it. One list of every collection is
// kept; each server is shown the shared corpus and its own articles only.
import type { Archive } from '../api.ts';
import { visibleIn } from '../archive/library.ts';
import type { SourceInfo } from '../types.ts';

export class SourceCache {
  private cached: { at: number; sources: SourceInfo[] } | null = null;

  constructor(
    private readonly archive: Archive,
    private readonly maxAgeMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The articles a server sees: the shared corpus and its own (only the shared corpus without a server). */
  list(server?: string | null): SourceInfo[] {
    if (!this.cached || this.now() - this.cached.at > this.maxAgeMs) {
      this.cached = { at: this.now(), sources: this.archive.listSources({ all: true }) };
    }
    const scope = { server: server ?? undefined };
    return this.cached.sources.filter((s) => visibleIn(scope, s));
  }

  /** Called after the bot changed the index itself, so the change shows at once. */
  invalidate(): void {
    this.cached = null;
  }
}
