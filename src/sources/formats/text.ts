// Plain text: the whole file is the body; title and date are found by the cleaner.
import type { RawArticle } from '../raw.ts';

export function readText(text: string, id: string, sourcePath: string): RawArticle {
  return { id, sourcePath, title: null, date: null, outlet: null, url: null, body: text };
}
