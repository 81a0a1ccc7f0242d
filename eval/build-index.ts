// Builds an index with the real indexer, showing its progress on stderr.
import type { Archive } from '../src/api.ts';
import type { ReindexOptions, ReindexReport } from '../src/types.ts';
import { note, Progress } from './progress.ts';

export async function buildIndex(archive: Archive, label: string, options: ReindexOptions = {}): Promise<ReindexReport> {
  let bar: Progress | null = null;
  let phase = '';
  const report = await archive.reindex(options, (p) => {
    if (p.phase !== phase) {
      phase = p.phase;
      bar = p.phase === 'read' || p.phase === 'embed' ? new Progress(`${label} ${p.phase}`, p.total) : null;
      if (!bar && p.phase !== 'done') note(`${label}: ${p.phase}`);
    }
    bar?.tick(p.done);
  });
  note(
    `${label}: ${report.articles} articles, ${report.chunks} chunks, ${report.chunksEmbedded} embedded in ` +
      `${(report.durationMs / 1000).toFixed(1)} s (${report.failed.length} failed, ${report.warnings.length} warnings)`,
  );
  for (const f of report.failed.slice(0, 5)) note(`  failed: ${f.path}: ${f.reason}`);
  for (const w of report.warnings.slice(0, 5)) note(`  warning: ${w.path}: ${w.reason}`);
  return report;
}
