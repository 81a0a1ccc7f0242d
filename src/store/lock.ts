// One reindex at a time: a lock file holding the owner's pid. A lock whose process is gone is taken over.
import fs from 'node:fs';
import os from 'node:os';
import { ReindexBusyError } from '../errors.ts';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** The lock is held by a live process: "Another reindex is already running (pid …)". */
function busy(owner: LockOwner): ReindexBusyError {
  return new ReindexBusyError(
    `Another reindex is already running (pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}). Wait for it to finish.`,
  );
}

function alive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true; // cannot tell for another machine: respect it
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 5000;
  } catch {
    return false;
  }
}

export class FileLock {
  private constructor(private readonly file: string) {}

  /** Takes the lock or throws ReindexBusyError naming the live owner. */
  static acquire(file: string): FileLock {
    // Three tries: a stale takeover guard is cleared on one, the stale lock on the next.
    for (let attempt = 0; attempt < 3; attempt++) {
      const lock = FileLock.tryCreate(file);
      if (lock) return lock;
      const owner = FileLock.owner(file);
      FileLock.assertStale(file, owner);
      FileLock.takeOver(file, owner);
    }
    throw new Error(`Could not take the reindex lock ${file}`);
  }

  private static tryCreate(file: string): FileLock | null {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
      throw err;
    }
    const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
    fs.writeSync(fd, JSON.stringify(owner));
    fs.closeSync(fd);
    const lock = new FileLock(file);
    process.once('exit', lock.releaseOnExit);
    return lock;
  }

  private static assertStale(file: string, owner: LockOwner | null): void {
    if (owner && alive(owner)) throw busy(owner);
    if (!owner && fresh(file)) {
      // Just created by another process that has not written its pid yet.
      throw busy({ pid: 0, host: os.hostname(), startedAt: new Date().toISOString() });
    }
  }

  /**
   * Removes a stale lock. Only one process at a time may do so (it holds `<lock>.takeover`), and it
   * re-reads the lock first: otherwise two processes could both remove the dead owner's lock, the
   * second one removing the fresh lock the first had just created.
   */
  private static takeOver(file: string, staleOwner: LockOwner | null): void {
    const guard = `${file}.takeover`;
    try {
      fs.closeSync(fs.openSync(guard, 'wx'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (fresh(guard)) throw busy(staleOwner ?? { pid: 0, host: os.hostname(), startedAt: new Date().toISOString() });
      fs.rmSync(guard, { force: true }); // left by a process that died while taking over
      return;
    }
    try {
      const now = FileLock.owner(file);
      if (JSON.stringify(now) !== JSON.stringify(staleOwner)) FileLock.assertStale(file, now);
      fs.rmSync(file, { force: true });
    } finally {
      fs.rmSync(guard, { force: true });
    }
  }

  static owner(file: string): LockOwner | null {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    } catch {
      return null; // being written or removed right now; treated as stale only if still unreadable
    }
  }

  private readonly releaseOnExit = () => this.release();

  release(): void {
    process.removeListener('exit', this.releaseOnExit);
    const owner = FileLock.owner(this.file);
    if (owner?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}
