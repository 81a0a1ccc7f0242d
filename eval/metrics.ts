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

  /** Whether question i had a gold passage within the top k. */
  hit(i: number, k: number): boolean {
    const r = this.ranks[i];
    return r !== null && r !== undefined && r <= k;
  }

  summary(ks: number[], mrrAt: number): RankSummary {
    const n = this.ranks.length || 1;
    const recall: Record<number, number> = {};
    for (const k of ks) recall[k] = this.ranks.filter((r) => r !== null && r <= k).length / n;
    const mrr = this.ranks.reduce<number>((s, r) => s + (r !== null && r <= mrrAt ? 1 / r : 0), 0) / n;
    return { questions: this.ranks.length, recall, mrr, mrrAt };
  }
}

export interface PairedComparison {
  /** Questions found within the top k by A but not by B, and the other way round. */
  onlyA: number;
  onlyB: number;
  /** Difference in recall@k, A minus B, as a share. */
  diff: number;
  /** Two-sided exact McNemar (binomial) p-value: could the two settings differ this much by chance? */
  p: number;
}

/**
 * Paired comparison of two settings over the same questions. Recall differences of a few tenths of a
 * point on 10,570 questions can be noise or not; only the questions where the two disagree decide.
 */
export function compareAt(a: RankStats, b: RankStats, k: number): PairedComparison {
  if (a.count !== b.count) throw new Error('compareAt needs the same questions on both sides');
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < a.count; i++) {
    const ha = a.hit(i, k);
    const hb = b.hit(i, k);
    if (ha && !hb) onlyA++;
    else if (hb && !ha) onlyB++;
  }
  return { onlyA, onlyB, diff: (onlyA - onlyB) / (a.count || 1), p: exactMcNemar(onlyA, onlyB) };
}

/** 2·P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), summed in log space (b + c can be in the thousands). */
export function exactMcNemar(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let logC = 0;
  let tail = 0;
  for (let i = 0; i <= Math.min(b, c); i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logC + n * Math.log(0.5));
  }
  return Math.min(1, 2 * tail);
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

/** SQuAD's answer normalisation (its official evaluate-v1.1.py): lower case, no punctuation, articles or extra spaces. */
export function squadNormalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~‘’“”–—]/g, '')
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

/** SQuAD exact match against the best of the gold answers (0 or 1). */
export function squadExact(prediction: string, golds: string[]): number {
  const p = squadNormalize(prediction);
  return golds.some((g) => squadNormalize(g) === p) ? 1 : 0;
}

/** SQuAD token F1 against the best of the gold answers, in [0, 1]. */
export function squadF1(prediction: string, golds: string[]): number {
  const pt = squadNormalize(prediction).split(' ').filter(Boolean);
  let best = 0;
  for (const g of golds) {
    const gt = squadNormalize(g).split(' ').filter(Boolean);
    const counts = new Map<string, number>();
    for (const t of gt) counts.set(t, (counts.get(t) ?? 0) + 1);
    let same = 0;
    for (const t of pt) {
      const c = counts.get(t) ?? 0;
      if (c > 0) {
        same++;
        counts.set(t, c - 1);
      }
    }
    if (same === 0) continue;
    const precision = same / pt.length;
    const recall = same / gt.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}
