// How a reindex's progress is worded, the same in the terminal and in Discord.
import type { ReindexProgress } from '../types.ts';

const PHASES: Record<ReindexProgress['phase'], string> = {
  scan: 'scanning the articles folder',
  read: 'reading files',
  embed: 'embedding passages',
  store: 'writing the new index',
  swap: 'switching to the new index',
  done: 'finishing',
};

/** "embedding passages 120/300 (40%)"; "starting" before the first report. */
export function describeProgress(progress: ReindexProgress | null): string {
  if (!progress) return 'starting';
  const phase = PHASES[progress.phase];
  if (progress.total <= 0) return phase;
  const pct = Math.floor((100 * Math.min(progress.done, progress.total)) / progress.total);
  return `${phase} ${progress.done}/${progress.total} (${pct}%)`;
}
