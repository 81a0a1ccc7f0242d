// Adding and removing article files in the articles folder (for /sources add and remove).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { cleanArticle } from '../clean/article.ts';
import { SUPPORTED_EXTENSIONS } from '../sources/discover.ts';
import { idFromPath } from '../sources/raw.ts';
import { readSource } from '../sources/read.ts';

/** Checks a user-given file name: a plain name with a supported extension, nothing that climbs folders. */
export function checkFileName(name: string): string {
  const base = name.trim();
  if (!base || base !== path.basename(base) || base.startsWith('.') || /[\\/\0]/.test(base)) {
    throw new InputError(`"${name}" is not a usable file name: use a plain name such as report.txt`);
  }
  const ext = path.extname(base).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new InputError(`"${name}" has an unsupported type "${ext || '(none)'}": use one of ${SUPPORTED_EXTENSIONS.join(', ')}`);
  }
  if (base.length > 120) throw new InputError(`"${name.slice(0, 40)}…" is too long a file name (at most 120 characters)`);
  return base;
}

/**
 * Reads the content as the indexer would before saving it, so a file that would only fail is never stored.
 * Then writes it atomically into the articles folder. Returns the article id and path.
 */
export async function saveArticleFile(
  articlesDir: string,
  name: string,
  content: Buffer | string,
  maxBytes: number,
): Promise<{ id: string; path: string }> {
  const base = checkFileName(name);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archivist-add-'));
  try {
    const tmp = path.join(tmpDir, base);
    fs.writeFileSync(tmp, content);
    const read = await readSource({ absPath: tmp, relPath: base }, maxBytes);
    if (read.failures.length && read.articles.length === 0) throw new InputError(`${base}: ${read.failures[0]!.reason}`);
    for (const raw of read.articles) {
      try {
        cleanArticle(raw);
      } catch (err) {
        throw new InputError(`${base}: ${(err as Error).message}`);
      }
    }
    fs.mkdirSync(articlesDir, { recursive: true });
    const dest = path.join(articlesDir, base);
    const staged = path.join(articlesDir, `.${base}.${process.pid}.tmp`);
    try {
      fs.copyFileSync(tmp, staged);
      fs.renameSync(staged, dest);
    } catch (err) {
      fs.rmSync(staged, { force: true }); // a full disk leaves no half-written file behind
      throw err;
    }
    return { id: idFromPath(base), path: dest };
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}
