// Progress lines and the final report of a reindex (also used by /sources add and remove).
import { describeProgress } from '../../format/progress.ts';
import { redact } from '../../shared/redact.ts';
import type { ReindexProgress, ReindexReport } from '../../types.ts';
import { codeText, escapeText, formatDuration, listNames } from './text.ts';
import { truncate } from '../limits.ts';

export function formatProgress(title: string, progress: ReindexProgress | null, elapsedMs: number): string {
  return `⏳ ${title}: ${describeProgress(progress)} — ${formatDuration(elapsedMs)} so far.\nQuestions are still answered from the current index meanwhile.`;
}

export function formatReport(title: string, report: ReindexReport): string {
  const lines = [
    `✅ ${title} finished in ${formatDuration(report.durationMs)}: ${report.articles} articles, ${report.chunks} passages indexed.`,
    report.swapped ? '' : 'Nothing changed; the index was kept as it was.',
    report.repaired
      ? `The previous index was damaged (${escapeText(truncate(report.repaired, 200))}); it was rebuilt from the articles.`
      : '',
    `Added: ${report.added.length}${report.added.length ? ` (${listNames(report.added)})` : ''}`,
    `Updated: ${report.updated.length}${report.updated.length ? ` (${listNames(report.updated)})` : ''}`,
    `Unchanged: ${report.unchanged}`,
    `Removed: ${report.removed.length}${report.removed.length ? ` (${listNames(report.removed)})` : ''}`,
    `Failed: ${report.failed.length}`,
    ...report.failed
      .slice(0, 10)
      .map((f) => `• \`${codeText(truncate(redact(f.path), 80))}\`: ${escapeText(truncate(redact(f.reason), 200))}`),
    ...(report.failed.length > 10 ? [`• and ${report.failed.length - 10} more`] : []),
    ...(report.warnings.length ? [`Warnings: ${report.warnings.length}`] : []),
    ...report.warnings
      .slice(0, 5)
      .map((w) => `• \`${codeText(truncate(redact(w.path), 80))}\`: ${escapeText(truncate(redact(w.reason), 200))}`),
  ];
  return lines.filter(Boolean).join('\n');
}

/** Told to whoever starts an index change while another runs. */
export function formatBusy(label: string, startedAt: number, progress: ReindexProgress | null, now = Date.now()): string {
  return `${label} is already running (started ${formatDuration(now - startedAt)} ago): ${describeProgress(progress)}. Try again when it has finished; questions are answered from the current index meanwhile.`;
}
