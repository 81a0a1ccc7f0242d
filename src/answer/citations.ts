// Numbers the passages an answer cites, in order of first use, and keeps quotes verbatim.
import type { Citation, Passage } from '../types.ts';

export class CitationList {
  private readonly byChunk = new Map<number, Citation>();

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
    }
    if (!c.quote.includes(sentence)) c.quote = c.quote ? `${c.quote} … ${sentence}` : sentence;
    return c.n;
  }

  list(): Citation[] {
    return [...this.byChunk.values()].sort((a, b) => a.n - b.n);
  }
}
