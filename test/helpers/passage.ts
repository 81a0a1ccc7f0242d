// A retrieved passage made by hand for the fast tests: the whole text, no title, outlet, date or url unless
// given, and the best retrieval score.
import type { Passage } from '../../src/types.ts';

export function makePassage(text: string, fields: Partial<Passage> = {}): Passage {
  const chunkId = fields.chunkId ?? 1;
  return {
    chunkId,
    articleId: `a${chunkId}`,
    title: null,
    outlet: null,
    date: null,
    url: null,
    text,
    start: 0,
    end: text.length,
    score: 1,
    ...fields,
  };
}
