// The paired comparisons the eval reports: does hybrid beat each half, which fusion wins, and whether
// neighbouring alphas differ by more than chance.
import { compareAt, type PairedComparison } from './metrics.ts';
import type { SettingResult } from './retrieval.ts';
import { markdownTable } from './table.ts';

export interface NamedComparison extends PairedComparison {
  a: string;
  b: string;
  k: number;
}

export function comparisons(results: SettingResult[], pairs: Array<[string, string, number]>): NamedComparison[] {
  const byName = new Map(results.map((r) => [r.setting.name, r.stats]));
  const out: NamedComparison[] = [];
  for (const [a, b, k] of pairs) {
    const sa = byName.get(a);
    const sb = byName.get(b);
    if (sa && sb && a !== b) out.push({ a, b, k, ...compareAt(sa, sb, k) });
  }
  return out;
}

const pValue = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

export function comparisonTable(rows: NamedComparison[]): string {
  return markdownTable(
    ['A', 'B', 'at', 'A − B (points)', 'only A finds', 'only B finds', 'p (exact McNemar)'],
    rows.map((c) => [c.a, c.b, `R@${c.k}`, `${c.diff >= 0 ? '+' : ''}${(100 * c.diff).toFixed(2)}`, c.onlyA, c.onlyB, pValue(c.p)]),
  );
}
