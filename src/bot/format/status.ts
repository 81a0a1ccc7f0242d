// The /status text: what is indexed, since when, with what, and how long the bot has been up.
import { TimestampStyles, time } from 'discord.js';
import type { Config } from '../../config.ts';
import type { IndexStats, ReindexProgress } from '../../types.ts';
import { describeProgress } from '../../format/progress.ts';
import type { WarmUp } from '../context.ts';
import { formatDuration } from './text.ts';

export interface StatusInput {
  stats: IndexStats | null;
  config: Config;
  progress: ReindexProgress | null;
  uptimeMs: number;
  /** The model's warm-up at start; unset: not tracked. */
  warmUp?: WarmUp;
  /** The question queue; unset: not shown. */
  queue?: { waiting: number; active: number; serviceMs: number };
}

function modelLine(w: WarmUp): string {
  if (w.state === 'warming') return 'Model: warming up (loading the embedding model); questions are taken and answered once it is ready.';
  if (w.state === 'failed') return `Model: failed to load: ${w.error ?? 'unknown error'}`;
  return `Model: ready${w.ms === null ? '' : ` (loaded and warmed in ${formatDuration(w.ms)})`}`;
}

export function formatStatus({ stats, config, progress, uptimeMs, warmUp, queue }: StatusInput): string {
  const answerer = config.answerer === 'llm' ? `LLM (${config.openai.chatModel})` : 'extractive (quotes the articles, no LLM)';
  const lines = ['**Archivist status**'];
  if (stats) {
    const built = new Date(stats.builtAt);
    const when = Number.isNaN(built.getTime())
      ? stats.builtAt
      : `${time(built, TimestampStyles.ShortDateTime)} (${time(built, TimestampStyles.RelativeTime)})`;
    lines.push(
      `Articles: ${stats.articles} · Passages: ${stats.chunks}`,
      `Index built: ${when}`,
      `Embedder: ${stats.embedder.provider} · ${stats.embedder.model} (${stats.embedder.dimension} dimensions)`,
    );
  } else {
    lines.push('No index yet: a moderator can build it with `/reindex`.');
  }
  lines.push(`Answerer: ${answerer}`);
  if (warmUp) lines.push(modelLine(warmUp));
  if (queue && queue.waiting + queue.active > 0) {
    lines.push(`Questions: ${queue.active} being answered, ${queue.waiting} waiting (about ${formatDuration(queue.serviceMs)} each)`);
  }
  lines.push(`Uptime: ${formatDuration(uptimeMs)}`);
  if (progress) lines.push(`Reindex running: ${describeProgress(progress)}`);
  return lines.join('\n');
}
