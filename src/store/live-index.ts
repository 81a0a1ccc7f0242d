// The generation queries run against. It follows CURRENT, so a swap by any process (this one's
// reindex, or `archivist index` run beside the bot) is picked up on the next query, and an old
// generation is closed only once the queries using it are done. A damaged generation is reported on every
// use (IndexDamagedError, naming the repair) and checked again only once its files or CURRENT change.
import fs from 'node:fs';
import { IndexDamagedError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { SourceInfo } from '../types.ts';
import { currentGeneration, generationFiles } from './layout.ts';
import { openGeneration, type Snapshot } from './snapshot.ts';

interface Held {
  snapshot: Snapshot;
  users: number;
  retired: boolean;
  sources: SourceInfo[] | null;
}

/** Changes whenever a generation's files do (a restored backup, a repair): the damage verdict is then redone. */
function fileSignature(name: string, dir: string): string {
  const parts = [name];
  for (const file of Object.values(generationFiles(dir))) {
    try {
      const st = fs.statSync(file);
      parts.push(`${st.size}:${st.mtimeMs}`);
    } catch {
      parts.push('-');
    }
  }
  return parts.join('|');
}

export class LiveIndex {
  private held: Held | null = null;
  private damaged: { signature: string; error: IndexDamagedError } | null = null;

  constructor(
    private readonly indexDir: string,
    private readonly logger?: Logger,
  ) {}

  /** The live snapshot (reopened after a swap), or null when no index has been built; IndexDamagedError when damaged. */
  snapshot(): Snapshot | null {
    return this.refresh()?.snapshot ?? null;
  }

  /** The live generation's article list, read once per generation. */
  sources(): SourceInfo[] {
    const h = this.refresh();
    if (!h) return [];
    h.sources ??= h.snapshot.db.listSources();
    return h.sources;
  }

  /** Runs `fn` on the live snapshot, which stays open until `fn` is done even if a swap happens meanwhile. */
  async use<T>(fn: (s: Snapshot) => Promise<T>, onMissing: () => Error): Promise<T> {
    const h = this.refresh();
    if (!h) throw onMissing();
    h.users++;
    try {
      return await fn(h.snapshot);
    } finally {
      h.users--;
      if (h.retired && h.users === 0) h.snapshot.db.close();
    }
  }

  close(): void {
    if (this.held) this.retire(this.held);
    this.held = null;
  }

  private refresh(): Held | null {
    const live = currentGeneration(this.indexDir);
    if (this.held && (!live || live.name !== this.held.snapshot.generation)) {
      this.retire(this.held);
      this.held = null;
    }
    if (!this.held && live) {
      const signature = fileSignature(live.name, live.dir);
      if (this.damaged?.signature === signature) throw this.damaged.error;
      let snapshot: Snapshot;
      try {
        snapshot = openGeneration(live.name, live.dir);
      } catch (err) {
        if (err instanceof IndexDamagedError) {
          this.damaged = { signature, error: err };
          // Debug only: whoever asked gets the error itself (the CLI prints it, the bot logs and tells it).
          this.logger?.debug({ generation: live.name, problem: err.problem }, 'the live index is damaged');
        }
        throw err;
      }
      this.damaged = null;
      this.held = { snapshot, users: 0, retired: false, sources: null };
      this.logger?.debug({ generation: snapshot.generation }, 'opened index generation');
    }
    return this.held;
  }

  private retire(h: Held): void {
    h.retired = true;
    if (h.users === 0) h.snapshot.db.close();
  }
}
