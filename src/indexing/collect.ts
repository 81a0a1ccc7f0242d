// Reads a whole articles folder into clean articles, reporting every file it cannot use.
import { cleanArticle } from '../clean/article.ts';
import { SourceError } from '../sources/decode.ts';
import { discoverSources } from '../sources/discover.ts';
import { readSource } from '../sources/read.ts';
import type { Article, FailedSource } from '../types.ts';

export interface Collected {
  articles: Map<string, Article>;
  failed: FailedSource[];
  warnings: FailedSource[];
}

export async function collectArticles(
  dir: string,
  maxBytes: number,
  onFile: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Collected> {
  const discovery = await discoverSources(dir);
  const out: Collected = {
    articles: new Map(),
    failed: discovery.rejected.map((r) => ({ path: r.relPath, reason: r.reason })),
    warnings: [],
  };
  const total = discovery.files.length;
  for (const [i, file] of discovery.files.entries()) {
    signal?.throwIfAborted();
    const read = await readSource(file, maxBytes);
    out.failed.push(...read.failures);
    out.warnings.push(...read.warnings);
    for (const raw of read.articles) {
      try {
        const article = cleanArticle(raw);
        const clash = out.articles.get(article.id);
        if (clash) {
          out.failed.push({ path: raw.sourcePath, reason: `duplicate article id "${article.id}" (already used by ${clash.sourcePath})` });
          continue;
        }
        out.articles.set(article.id, article);
      } catch (err) {
        const where = read.articles.length > 1 ? `${raw.sourcePath} (${raw.id})` : raw.sourcePath;
        out.failed.push({ path: where, reason: err instanceof SourceError ? err.message : `could not clean: ${(err as Error).message}` });
      }
    }
    onFile(i + 1, total);
  }
  return out;
}
