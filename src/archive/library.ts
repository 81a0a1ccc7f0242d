// The articles the archive answers from: listing and finding them, and adding or removing a file
// followed by a reindex. Both changes are refused before touching the folder while a reindex runs.
import fs from 'node:fs';
import path from 'node:path';
import type { ProgressListener } from '../api.ts';
import type { Config } from '../config.ts';
import { InputError, NotFoundError } from '../errors.ts';
import type { LiveIndex } from '../store/live-index.ts';
import type { ReindexReport, SourceInfo } from '../types.ts';
import { saveArticleFile } from './article-files.ts';
import { articlesMentioning, findArticles } from './find.ts';
import type { ReindexJob } from './reindex-job.ts';

export class SourceLibrary {
  constructor(
    private readonly config: Config,
    private readonly live: LiveIndex,
    private readonly job: ReindexJob,
  ) {}

  list(): SourceInfo[] {
    return this.live.sources();
  }

  find(query: string, limit = 25): SourceInfo[] {
    return findArticles(this.list(), query, limit, (q) => {
      const snapshot = this.live.snapshot();
      return snapshot ? articlesMentioning(snapshot.db, q) : new Map();
    });
  }

  async add(
    fileName: string,
    content: Buffer | string,
    onProgress?: ProgressListener,
  ): Promise<{ id: string; path: string; report: ReindexReport }> {
    this.job.assertIdle();
    const saved = await saveArticleFile(this.config.articlesDir, fileName, content, this.config.maxArticleBytes);
    const report = await this.job.run({}, onProgress);
    return { ...saved, report };
  }

  async remove(id: string, onProgress?: ProgressListener): Promise<ReindexReport> {
    // Checked first: deleting the file while a reindex reads the folder would leave its result undefined.
    this.job.assertIdle();
    const source = this.list().find((s) => s.id === id);
    if (!source) throw new NotFoundError(`No indexed article has the id "${id}".`);
    const siblings = this.list().filter((s) => s.sourcePath === source.sourcePath);
    if (siblings.length > 1) {
      throw new InputError(
        `"${id}" comes from ${source.sourcePath}, which holds ${siblings.length} articles; edit that file to remove it.`,
      );
    }
    const file = path.join(this.config.articlesDir, source.sourcePath);
    if (!file.startsWith(this.config.articlesDir + path.sep)) throw new InputError(`"${id}" is not in the articles folder.`);
    fs.rmSync(file, { force: true });
    return this.job.run({}, onProgress);
  }
}
