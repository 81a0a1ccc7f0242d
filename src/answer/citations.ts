// Numbers the passages an answer cites, in order of first use, and keeps quotes verbatim.
import type { Citation, Passage } from '../types.ts';

export class CitationList {
  private readonly byChunk = new Map<number, Citation>();
  /** Each citation's quoted sentences, with where they start in the passage. */
  private readonly pieces = new Map<Citation, Array<{ at: number; text: string }>>();

  /** The [n] for a sentence of a passage; the sentence is added to that citation's quote. */
  cite(passage: Passage, sentence: string): number {
    let c = this.byChunk.get(passage.chunkId);
    if (!c) {
      c = {
        n: this.byChunk.size + 1,
        articleId: passage.articleId,
        title: passage.title,
        label: passage.label ?? null,
        outlet: passage.outlet,
        date: passage.date,
        url: passage.url,
        chunkId: passage.chunkId,
        quote: '',
        score: Number(passage.score.toFixed(4)),
      };
      this.byChunk.set(passage.chunkId, c);
      this.pieces.set(c, []);
    }
    const pieces = this.pieces.get(c)!;
    if (!pieces.some((p) => p.text.includes(sentence))) {
      // A sentence quoted with the one it leans on replaces that one's quote rather than repeating it.
      const kept = pieces.filter((p) => !sentence.includes(p.text));
      // (A sentence is always passage text, as the candidates are cut from it; were one not, it goes last.)
      const at = passage.text.indexOf(sentence);
      kept.push({ at: at < 0 ? Number.MAX_SAFE_INTEGER : at, text: sentence });
      this.pieces.set(c, kept);
      c.quote = quoteOf(kept);
    }
    return c.n;
  }

  list(): Citation[] {
    return [...this.byChunk.values()].sort((a, b) => a.n - b.n);
  }
}

/** The quoted sentences in the order the passage has them, not the order the answer cites them. */
function quoteOf(pieces: Array<{ at: number; text: string }>): string {
  return [...pieces]
    .sort((a, b) => a.at - b.at)
    .map((p) => p.text)
    .join(' … ');
}
