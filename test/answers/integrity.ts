// Checks that an answer's citations are real: every [n] has a source, every source is cited, and
// every quoted sentence is in the indexed passage it points to.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Citation } from '../../src/types.ts';

export function chunkLookup(indexDir: string): (chunkId: number) => { articleId: string; text: string } | undefined {
  const generation = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
  const db = new Database(path.join(indexDir, 'generations', generation, 'archive.db'), { readonly: true });
  const stmt = db.prepare('SELECT article_id AS articleId, text FROM chunks WHERE id = ?');
  return (id) => stmt.get(id) as { articleId: string; text: string } | undefined;
}

/** With `extractive`, each quoted sentence must also stand in the answer text, word for word. */
export function assertCitationsReal(
  text: string,
  citations: Citation[],
  lookup: ReturnType<typeof chunkLookup>,
  label: string,
  extractive = true,
): void {
  const markers = new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  const numbers = new Set(citations.map((c) => c.n));
  assert.deepEqual([...markers].sort(), [...numbers].sort(), `${label}: [n] markers and sources differ`);
  for (const c of citations) {
    const chunk = lookup(c.chunkId);
    assert.ok(chunk, `${label}: [${c.n}] points to chunk ${c.chunkId}, which is not in the index`);
    assert.equal(chunk.articleId, c.articleId, `${label}: [${c.n}] names article ${c.articleId} but the chunk is from ${chunk.articleId}`);
    let previous = -1;
    for (const part of c.quote.split(' … ')) {
      assert.ok(chunk.text.includes(part), `${label}: [${c.n}] quotes text that is not in chunk ${c.chunkId}: "${part.slice(0, 80)}"`);
      // Read as one excerpt, the quote keeps the passage's order.
      assert.ok(chunk.text.indexOf(part) > previous, `${label}: [${c.n}] quotes "${part.slice(0, 60)}…" out of the passage's order`);
      previous = chunk.text.indexOf(part);
      if (extractive)
        assert.ok(text.includes(part), `${label}: [${c.n}] quotes "${part.slice(0, 60)}…", which the answer does not contain`);
    }
  }
}
