// Reads the articles into clean articles, reporting every file it cannot use: the shared corpus (the articles
// folder), then each Discord server's own folder under SERVER_ARTICLES_DIR, whose articles get the server's id
// as their collection and `<server id>/` before their ids, so no server's article can take a shared id.
import fs from 'node:fs';
import path from 'node:path';
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

/** A Discord server id, as the folder of that server's articles is named. */
export const SERVER_ID = /^\d{5,25}$/;

/** The folders of the servers that have added articles, by server id. */
export function serverFolders(serverArticlesDir: string | undefined): Array<{ server: string; dir: string }> {
  if (!serverArticlesDir) return [];
  let names: string[];
  try {
    names = fs.readdirSync(serverArticlesDir);
  } catch {
    return []; // no server has added anything yet
  }
  return names
    .filter((name) => SERVER_ID.test(name) && fs.statSync(path.join(serverArticlesDir, name)).isDirectory())
    .sort()
    .map((server) => ({ server, dir: path.join(serverArticlesDir, server) }));
}

export async function collectArticles(
  dir: string,
  maxBytes: number,
  onFile: (done: number, total: number) => void,
  signal?: AbortSignal,
  serverArticlesDir?: string,
): Promise<Collected> {
  const shared = await discoverSources(dir);
  const servers = await Promise.all(
    serverFolders(serverArticlesDir).map(async ({ server, dir: folder }) => ({ server, discovery: await discoverSources(folder) })),
  );
  const label = serverArticlesDir ? path.basename(serverArticlesDir) : '';
  // Reported paths of a server's files say where they are: `server-articles/<server id>/<file>`.
  const where = (server: string | null, relPath: string) => (server ? `${label}/${server}/${relPath}` : relPath);
  const out: Collected = {
    articles: new Map(),
    failed: [
      ...shared.rejected.map((r) => ({ path: r.relPath, reason: r.reason })),
      ...servers.flatMap(({ server, discovery }) => discovery.rejected.map((r) => ({ path: where(server, r.relPath), reason: r.reason }))),
    ],
    warnings: [],
  };
  const files = [
    ...shared.files.map((file) => ({ file, server: null as string | null })),
    ...servers.flatMap(({ server, discovery }) => discovery.files.map((file) => ({ file, server }))),
  ];
  const total = files.length;
  for (const [i, { file, server }] of files.entries()) {
    signal?.throwIfAborted();
    const read = await readSource(file, maxBytes);
    out.failed.push(...read.failures.map((f) => ({ ...f, path: where(server, f.path) })));
    out.warnings.push(...read.warnings.map((f) => ({ ...f, path: where(server, f.path) })));
    for (const raw of read.articles) {
      try {
        const cleaned = cleanArticle(server ? { ...raw, id: `${server}/${raw.id}`, sourcePath: `${server}/${raw.sourcePath}` } : raw);
        const article: Article = { ...cleaned, collection: server };
        const clash = out.articles.get(article.id);
        if (clash) {
          out.failed.push({
            path: where(server, raw.sourcePath),
            reason: `duplicate article id "${article.id}" (already used by ${clash.sourcePath})`,
          });
          continue;
        }
        out.articles.set(article.id, article);
      } catch (err) {
        const at = where(server, read.articles.length > 1 ? `${raw.sourcePath} (${raw.id})` : raw.sourcePath);
        out.failed.push({ path: at, reason: err instanceof SourceError ? err.message : `could not clean: ${(err as Error).message}` });
      }
    }
    onFile(i + 1, total);
  }
  return out;
}
