// The /status text: what is indexed, since when, with what, and how long the bot has been up.
import { TimestampStyles, time } from 'discord.js';
import type { Config } from '../../config.ts';
import type { IndexStats, ReindexProgress } from '../../types.ts';
import { describeProgress } from '../../format/progress.ts';
import type { WarmUp } from '../context.ts';
import { escapeText, formatDuration } from './text.ts';

export interface StatusInput {
  stats: IndexStats | null;
  /** What is wrong with the live index when it is damaged (then `stats` is null). */
  damaged?: string;
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

/** The chat model, where it runs, and its daily budgets: what an operator checks when answers change. */
function chatModelLines(config: Config): string {
  let where = 'api.openai.com';
  if (config.openai.baseURL) {
    try {
      where = new URL(config.openai.baseURL).host;
    } catch {
      where = 'a compatible server';
    }
  }
  const cap = (n: number, who: string) => (n > 0 ? `${n.toLocaleString('en-US')} tokens a day per ${who}` : `no daily limit per ${who}`);
  return (
    `LLM ${config.openai.chatModel} at ${where}, every citation checked (falls back to quoting the articles)\n` +
    `Model budget: ${cap(config.llm.dailyTokensPerUser, 'user')}, ${cap(config.llm.dailyTokensPerServer, 'server')}`
  );
}

export function formatStatus({ stats, damaged, config, progress, uptimeMs, warmUp, queue }: StatusInput): string {
  const answerer = config.answerer === 'llm' ? chatModelLines(config) : 'extractive (quotes the articles, no LLM)';
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
  } else if (damaged) {
    lines.push(
      `⚠️ The index is damaged (${escapeText(damaged)}): questions cannot be answered until a moderator rebuilds it with \`/reindex\`.`,
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
