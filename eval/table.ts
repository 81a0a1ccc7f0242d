// Markdown tables for the reports: the README takes them as they are printed.

export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A share as a percentage with one decimal, the way the baselines note writes recall. */
export const pct = (x: number): string => (100 * x).toFixed(1);

export const fixed = (x: number, digits = 3): string => x.toFixed(digits);
