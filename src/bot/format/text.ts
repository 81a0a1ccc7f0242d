// Small text helpers shared by the formatters: escaping, article labels, durations.
import { escapeMarkdown } from 'discord.js';
import { articleName, hasName } from '../../format/label.ts';
import { printable } from '../../format/printable.ts';
import { truncate } from '../limits.ts';

/** Longest title shown in a list line; keeps each line well under the message limit. */
const MAX_TITLE = 150;

/**
 * Escapes markdown and square brackets, so a title cannot break the masked link it sits in, and shows control
 * and direction-override characters as escapes, so a name cannot fake a line of a report or read backwards.
 */
export function escapeText(text: string): string {
  return escapeMarkdown(printable(text)).replace(/[[\]]/g, (c) => `\\${c}`);
}

/** Text for inside a `code span`: no markdown applies there, but a backtick would end it and controls still act. */
export function codeText(text: string): string {
  return printable(text).replace(/`/g, "'");
}

interface ArticleLike {
  title: string | null;
  label?: string | null;
  url: string | null;
  outlet: string | null;
  date: string | null;
}

/**
 * "Title — Outlet, 2024-02-29", the title a masked link when there is a url. The url is
 * wrapped in <> so Discord does not unfurl a preview for it.
 */
export function articleLabel(article: ArticleLike, fallbackId: string): string {
  // Without a title or label the id is all there is; shown as code, it needs no escaping.
  const title = hasName(article) ? escapeText(truncate(articleName(article, fallbackId), MAX_TITLE)) : `\`${codeText(fallbackId)}\``;
  const linked =
    article.url && /^https?:\/\//i.test(article.url) ? `[${title}](<${article.url.replace(/[<>\s]/g, encodeURIComponent)}>)` : title;
  const details = [article.outlet, article.date].filter((v): v is string => Boolean(v)).map((v) => escapeText(truncate(v, 60)));
  return details.length > 0 ? `${linked} — ${details.join(', ')}` : linked;
}

/** "40 ms", "4.2 s", "3 min 5 s", "2 h 3 min", "1 d 4 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** Lists at most `max` names, then "and N more". */
export function listNames(names: string[], max = 10): string {
  const shown = names.slice(0, max).map((n) => `\`${codeText(truncate(n, 80))}\``);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}
