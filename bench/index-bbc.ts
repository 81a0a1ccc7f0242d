// Indexing throughput on the BBC corpus: a full build from scratch, then a reindex with nothing
// changed (which should embed nothing and keep the live index).
import type { Archive } from '../src/api.ts';
import { buildIndex } from '../eval/build-index.ts';

export interface IndexBench {
  articles: number;
  chunks: number;
  failed: Array<{ path: string; reason: string }>;
  warnings: Array<{ path: string; reason: string }>;
  full: { durationMs: number; embedMs: number; chunksEmbedded: number; articlesPerSec: number; chunksPerSec: number; embedShare: number };
  unchanged: { durationMs: number; chunksEmbedded: number; swapped: boolean };
  sizeBytes: number;
  /** Peak resident set size of this process so far, in MiB (process.resourceUsage().maxRSS is in KiB). */
  peakRssMB: number;
}

export async function benchIndex(archive: Archive): Promise<IndexBench> {
  const full = await buildIndex(archive, 'BBC full index');
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const again = await buildIndex(archive, 'BBC unchanged reindex');
  const stats = archive.stats();
  if (!stats) throw new Error('No index after a full reindex');
  const secs = full.durationMs / 1000;
  return {
    articles: full.articles,
    chunks: full.chunks,
    failed: full.failed,
    warnings: full.warnings,
    full: {
      durationMs: full.durationMs,
      embedMs: full.embedMs,
      chunksEmbedded: full.chunksEmbedded,
      articlesPerSec: full.articles / secs,
      chunksPerSec: full.chunksEmbedded / secs,
      embedShare: full.embedMs / full.durationMs,
    },
    unchanged: { durationMs: again.durationMs, chunksEmbedded: again.chunksEmbedded, swapped: again.swapped },
    sizeBytes: stats.sizeBytes,
    peakRssMB,
  };
}
