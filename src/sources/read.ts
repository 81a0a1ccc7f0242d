// Reads one source file into raw articles, by format. Never throws for bad content: it reports.
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeBytes, SourceError } from './decode.ts';
import type { SourceFile } from './discover.ts';
import { readHtml } from './formats/html.ts';
import { readJson, readJsonl } from './formats/json.ts';
import { readMarkdown } from './formats/markdown.ts';
import { readText } from './formats/text.ts';
import { idFromPath, type RawArticle } from './raw.ts';
import type { FailedSource } from '../types.ts';

export interface ReadResult {
  articles: RawArticle[];
  failures: FailedSource[];
  warnings: FailedSource[];
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;
}

export async function readSource(file: SourceFile, maxBytes: number): Promise<ReadResult> {
  const result: ReadResult = { articles: [], failures: [], warnings: [] };
  const fail = (reason: string, where = file.relPath) => result.failures.push({ path: where, reason });
  try {
    const stat = await fs.stat(file.absPath);
    if (stat.size > maxBytes) {
      fail(`file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit (MAX_ARTICLE_BYTES)`);
      return result;
    }
    const decoded = decodeBytes(await fs.readFile(file.absPath));
    if (decoded.warning) result.warnings.push({ path: file.relPath, reason: decoded.warning });
    const text = decoded.text.replace(/^\uFEFF/, '');
    if (text.trim() === '') {
      fail('file holds only white space');
      return result;
    }
    const id = idFromPath(file.relPath);
    switch (path.extname(file.relPath).toLowerCase()) {
      case '.txt':
        result.articles.push(readText(text, id, file.relPath));
        break;
      case '.md':
      case '.markdown':
        result.articles.push(readMarkdown(text, id, file.relPath));
        break;
      case '.html':
      case '.htm':
        result.articles.push(readHtml(text, id, file.relPath));
        break;
      case '.json':
      case '.jsonl': {
        const read = file.relPath.toLowerCase().endsWith('.jsonl') ? readJsonl(text, id, file.relPath) : readJson(text, id, file.relPath);
        result.articles.push(...read.articles);
        for (const f of read.failures) fail(f.reason, f.where);
        for (const w of read.warnings) result.warnings.push({ path: w.where, reason: w.reason });
        if (read.articles.length === 0 && read.failures.length === 0) fail('no articles in the file');
        break;
      }
      default:
        fail(`unsupported file type "${path.extname(file.relPath)}"`);
    }
  } catch (err) {
    fail(err instanceof SourceError ? err.message : `could not read: ${(err as Error).message}`);
  }
  return result;
}
