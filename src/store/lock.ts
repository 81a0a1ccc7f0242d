// One reindex at a time: a lock file naming its holder. A pid alone does not identify a process: after a crash,
// a restarted container gives the new process the same pid (often 1), and any pid is reused in time. So the
// lock also records the boot it was taken in and the holder's start time (from /proc), plus a random token
// for releasing it; a lock whose process is gone, or whose pid now belongs to a process that started later
// (this very one included), is stale and taken over.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { ReindexBusyError } from '../errors.ts';

export interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken (ISO time). */
  startedAt: string;
  /** The kernel's boot id when the lock was taken (Linux); a different boot means its holder is gone. */
  bootId?: string | null;
  /** The holder's start time in clock ticks since boot (/proc/<pid>/stat, field 22), when known. */
  processStart?: number | null;
  /** Random, so only the holder releases its own lock (another archive in the same process has the same pid). */
  token?: string;
}

/** The lock is held by a live process: "Another reindex is already running (pid …)". */
function busy(owner: LockOwner): ReindexBusyError {
  return new ReindexBusyError(
    `Another reindex is already running (pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}). Wait for it to finish.`,
  );
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Linux's id of this boot of the machine, or null elsewhere. */
export function bootId(): string | null {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

/** A process's start time in clock ticks since boot, or null (no such process, or no /proc). */
export function processStart(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  // Fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]); // field 22 of the whole line
  return Number.isFinite(ticks) ? ticks : null;
}

/** When a process started, in ms since the epoch: boot time plus its start in ticks (USER_HZ is 100 on Linux). */
function processStartMs(pid: number): number | null {
  const ticks = processStart(pid);
  const btime = /^btime (\d+)$/m.exec(readText('/proc/stat') ?? '')?.[1];
  if (ticks === null || !btime) {
    // No /proc: only this process's own start is known.
    return pid === process.pid ? Date.now() - process.uptime() * 1000 : null;
  }
  return Number(btime) * 1000 + ticks * 10;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Slack for comparing the lock's time with a process's start (clock ticks and boot time are coarse). */
const CLOCK_SLACK_MS = 2000;

/** Whether the lock's holder still runs. */
export function holderAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true; // cannot tell for another machine: respect it
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return false; // the machine restarted since
  if (!pidExists(owner.pid)) return false;
  // Our own pid in a lock without a token was written by an older archivist: a previous process with our pid.
  if (owner.pid === process.pid && !owner.token) return false;
  // The pid is taken: by the holder, or by a process that got the same pid later (a restarted container's pid 1).
  if (typeof owner.processStart === 'number' && (!owner.bootId || owner.bootId === boot)) {
    const now = processStart(owner.pid);
    if (now !== null) return now === owner.processStart;
  }
  const started = processStartMs(owner.pid);
  const lockedAt = Date.parse(owner.startedAt);
  if (started !== null && Number.isFinite(lockedAt) && started > lockedAt + CLOCK_SLACK_MS) return false;
  return true;
}

function fresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 5000;
  } catch {
    return false;
  }
}

export class FileLock {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

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
    const owner: LockOwner = {
      pid: process.pid,
      host: os.hostname(),
      startedAt: new Date().toISOString(),
      bootId: bootId(),
      processStart: processStart(process.pid),
      token: randomBytes(12).toString('hex'),
    };
    try {
      fs.writeSync(fd, JSON.stringify(owner));
    } finally {
      fs.closeSync(fd);
    }
    const lock = new FileLock(file, owner.token!);
    process.once('exit', lock.releaseOnExit);
    return lock;
  }

  private static assertStale(file: string, owner: LockOwner | null): void {
    if (owner && holderAlive(owner)) throw busy(owner);
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
    // By token, not pid: another archive in this process (or a worker thread of it) may hold the next lock.
    if (FileLock.owner(this.file)?.token === this.token) fs.rmSync(this.file, { force: true });
  }
}
