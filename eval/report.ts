// Turns measured results into the markdown tables printed by `npm run eval`.
import type { RankSummary } from './metrics.ts';
import type { SettingResult } from './retrieval.ts';
import { fixed, markdownTable, pct } from './table.ts';

export interface SettingRow {
  setting: string;
  k: number;
  diversify: boolean;
  summary: RankSummary;
  msPerQuestion: number;
}

export function toRows(results: SettingResult[], ks: number[], mrrAt: number): SettingRow[] {
  return results.map((r) => ({
    setting: r.setting.name,
    k: r.setting.k,
    diversify: r.setting.diversify,
    summary: r.stats.summary(
      ks.filter((k) => k <= r.setting.k),
      Math.min(mrrAt, r.setting.k),
    ),
    msPerQuestion: r.ms / (r.stats.count || 1),
  }));
}

/** One table; a cell is blank where the setting retrieves fewer than k passages. */
export function rankTable(rows: SettingRow[], ks: number[], mrrAt: number): string {
  const header = ['setting', ...ks.map((k) => `R@${k}`), `MRR@${mrrAt}`, 'ms/q'];
  return markdownTable(
    header,
    rows.map((r) => [
      r.setting,
      ...ks.map((k) => (r.summary.recall[k] === undefined ? '' : pct(r.summary.recall[k]))),
      r.summary.mrrAt === mrrAt ? fixed(r.summary.mrr) : `${fixed(r.summary.mrr)} (@${r.summary.mrrAt})`,
      r.msPerQuestion.toFixed(2),
    ]),
  );
}
