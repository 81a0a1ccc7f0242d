// Reindex progress: a bar on a terminal, a few plain lines otherwise (logs, CI, pipes).
import cliProgress from 'cli-progress';
import { describeProgress } from '../format/progress.ts';
import type { ReindexProgress } from '../types.ts';

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update: (p: ReindexProgress) => void; stop: () => void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: ' {phase} [{bar}] {value}/{total} {eta_formatted}', hideCursor: true, stream, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let phase = '';
    return {
      update(p) {
        if (p.phase !== 'read' && p.phase !== 'embed') return;
        if (p.phase !== phase) {
          if (phase) bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, { phase: p.phase === 'read' ? 'reading  ' : 'embedding' });
        } else bar.update(p.done);
      },
      stop: () => bar.stop(),
    };
  }
  let last = { phase: '', decile: -1 };
  return {
    update(p) {
      const decile = p.total ? Math.floor((10 * p.done) / p.total) : 0;
      if (p.phase === last.phase && decile === last.decile) return;
      last = { phase: p.phase, decile };
      if (p.phase !== 'done') stream.write(`${describeProgress(p)}\n`);
    },
    stop() {},
  };
}
