// Rank metrics. Each question contributes the 1-based rank of its first gold passage, or null when
// no gold passage was retrieved; recall@k and MRR@k follow from those ranks alone.
import { normalizeText } from '../src/clean/unicode.ts';

export interface RankSummary {
  questions: number;
  /** recall@k for each k asked for, as a share in [0, 1]. */
  recall: Record<number, number>;
  /** Mean reciprocal rank, counting ranks beyond `mrrAt` as 0. */
  mrr: number;
  mrrAt: number;
}

export class RankStats {
  private readonly ranks: Array<number | null> = [];

  add(rank: number | null): void {
    this.ranks.push(rank);
  }

  get count(): number {
    return this.ranks.length;
  }

  summary(ks: number[], mrrAt: number): RankSummary {
    const n = this.ranks.length || 1;
    const recall: Record<number, number> = {};
    for (const k of ks) recall[k] = this.ranks.filter((r) => r !== null && r <= k).length / n;
    const mrr = this.ranks.reduce<number>((s, r) => s + (r !== null && r <= mrrAt ? 1 / r : 0), 0) / n;
    return { questions: this.ranks.length, recall, mrr, mrrAt };
  }
}

/** 1-based position of the first item that is gold, or null. */
export function firstRank<T>(items: T[], isGold: (item: T) => boolean): number | null {
  const i = items.findIndex(isGold);
  return i < 0 ? null : i + 1;
}

/**
 * Case-insensitive containment. Both sides go through the indexer's own character normalisation
 * (NFC, no-break spaces, ...) and white-space runs are made equal: an answer quoted from the cleaned
 * text must not miss its gold string over a U+00A0.
 */
export function containsAny(text: string, needles: string[]): boolean {
  const norm = (s: string) => normalizeText(s).toLowerCase().replace(/\s+/g, ' ').trim();
  const hay = norm(text);
  return needles.some((n) => norm(n) !== '' && hay.includes(norm(n)));
}
