// The articles the archive answers from: listing and finding them, and adding or removing a file followed by a
// reindex. Both changes are refused before touching a folder while a reindex runs.
//
// Collections: the shared corpus (the articles folder, the operator's) is seen everywhere; an article added in
// a Discord server lives in that server's folder (SERVER_ARTICLES_DIR/<server id>/) and is seen, and removable,
// only there. A server asking about another's article gets the same answer as for one that does not exist.
import fs from 'node:fs';
import path from 'node:path';
import type { ProgressListener } from '../api.ts';
import type { Config } from '../config.ts';
import { InputError, NotFoundError, storageError } from '../errors.ts';
import { SERVER_ID } from '../indexing/collect.ts';
import type { LiveIndex } from '../store/live-index.ts';
import type { ReindexReport, SourceInfo, SourceScope } from '../types.ts';
import { saveArticleFile } from './article-files.ts';
import { articlesMentioning, findArticles } from './find.ts';
import type { ReindexJob } from './reindex-job.ts';

/** Whether `scope` sees the article: the shared corpus always, a server's own articles only in that server. */
export function visibleIn(scope: SourceScope, source: Pick<SourceInfo, 'collection'>): boolean {
  return scope.all === true || source.collection == null || source.collection === scope.server;
}

function checkServer(server: string | undefined): void {
  if (server !== undefined && !SERVER_ID.test(server)) throw new InputError(`"${server}" is not a Discord server id.`);
}

export class SourceLibrary {
  constructor(
    private readonly config: Config,
    private readonly live: LiveIndex,
    private readonly job: ReindexJob,
  ) {}

  list(scope: SourceScope = {}): SourceInfo[] {
    const all = this.live.sources();
    return scope.all ? all : all.filter((s) => visibleIn(scope, s));
  }

  find(query: string, limit = 25, scope: SourceScope = {}): SourceInfo[] {
    return findArticles(this.list(scope), query, limit, (q) => {
      const snapshot = this.live.snapshot();
      return snapshot ? articlesMentioning(snapshot.db, q) : new Map();
    });
  }

  async add(
    fileName: string,
    content: Buffer | string,
    onProgress?: ProgressListener,
    scope: Pick<SourceScope, 'server'> = {},
  ): Promise<{ id: string; path: string; report: ReindexReport }> {
    checkServer(scope.server);
    this.job.assertIdle();
    const dir = scope.server ? path.join(this.config.serverArticlesDir, scope.server) : this.config.articlesDir;
    const saved = await saveArticleFile(dir, fileName, content, this.config.maxArticleBytes).catch((err: unknown) => {
      throw storageError(err, dir, 'Saving the article', 'then add it again', 'the article');
    });
    const report = await this.job.run({}, onProgress);
    return { ...saved, id: scope.server ? `${scope.server}/${saved.id}` : saved.id, report };
  }

  async remove(id: string, onProgress?: ProgressListener, scope: Pick<SourceScope, 'server'> = {}): Promise<ReindexReport> {
    checkServer(scope.server);
    // Checked first: deleting the file while a reindex reads the folder would leave its result undefined.
    this.job.assertIdle();
    const all = this.live.sources();
    const source = all.find((s) => s.id === id && visibleIn(scope, s));
    if (!source) throw new NotFoundError(`No indexed article has the id "${id}".`);
    if ((source.collection ?? undefined) !== scope.server) {
      throw new InputError(
        `"${id}" belongs to the shared collection, which the bot's operator manages from the command line; a server can remove only the articles added in it.`,
      );
    }
    const siblings = all.filter((s) => s.sourcePath === source.sourcePath && s.collection === source.collection);
    if (siblings.length > 1) {
      throw new InputError(
        `"${id}" comes from ${source.sourcePath}, which holds ${siblings.length} articles; edit that file to remove it.`,
      );
    }
    const root = scope.server ? this.config.serverArticlesDir : this.config.articlesDir;
    const file = path.resolve(root, source.sourcePath);
    if (!file.startsWith(root + path.sep)) throw new InputError(`"${id}" is not in the articles folder.`);
    try {
      fs.rmSync(file, { force: true });
    } catch (err) {
      throw storageError(err, file, 'Removing the article', 'then remove it again', 'the change');
    }
    return this.job.run({}, onProgress);
  }
}
