// Lists the candidate article files under a folder. Reading and parsing happen elsewhere.
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../api.ts';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl'] as const;

export interface SourceFile {
  /** Absolute path. */
  absPath: string;
  /** Path relative to the articles folder, with forward slashes. */
  relPath: string;
}

export interface Discovery {
  files: SourceFile[];
  /** Entries that cannot be read at all (dangling symlinks, unsupported types). */
  rejected: Array<{ relPath: string; reason: string }>;
}

/** Walks `root` recursively. Hidden entries (".git", ".DS_Store") are skipped silently. */
export async function discoverSources(root: string): Promise<Discovery> {
  const out: Discovery = { files: [], rejected: [] };
  let rootStat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    rootStat = await fs.stat(root);
  } catch {
    throw new InputError(`Articles folder ${root} does not exist (set ARTICLES_DIR, or pass --dir)`);
  }
  if (!rootStat.isDirectory()) throw new InputError(`Articles folder ${root} is not a folder (set ARTICLES_DIR, or pass --dir)`);
  await walk(root, root, out, new Set([await fs.realpath(root)]));
  out.files.sort((a, b) => a.relPath.localeCompare(b.relPath));
  out.rejected.sort((a, b) => a.relPath.localeCompare(b.relPath));
  return out;
}

/** `seen`: real paths of the folders walked so far, so a symbolic link back up (a loop) or to a folder already read is not followed again. */
async function walk(root: string, dir: string, out: Discovery, seen: Set<string>): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  // Real folders before links, by name: which path reaches a folder first does not depend on readdir order.
  entries.sort((a, b) => Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const absPath = path.join(dir, entry.name);
    const relPath = path.relative(root, absPath).split(path.sep).join('/');
    let kind: 'file' | 'dir' | 'other' = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
    if (entry.isSymbolicLink()) {
      try {
        const target = await fs.stat(absPath);
        kind = target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
      } catch {
        const target = await fs.readlink(absPath).catch(() => '?');
        out.rejected.push({ relPath, reason: `broken symbolic link (points to ${target}, which does not exist)` });
        continue;
      }
    }
    if (kind === 'dir') {
      const real = await fs.realpath(absPath);
      if (seen.has(real)) {
        const target = path.relative(root, real).split(path.sep).join('/') || '.';
        out.rejected.push({
          relPath,
          reason: `symbolic link to a folder that is already read (${target}); not followed, so no article is read twice`,
        });
        continue;
      }
      seen.add(real);
      await walk(root, absPath, out, seen);
    } else if (kind === 'file') {
      const ext = path.extname(entry.name).toLowerCase();
      if ((SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) out.files.push({ absPath, relPath });
      else
        out.rejected.push({
          relPath,
          reason: `unsupported file type "${ext || '(none)'}" (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`,
        });
    } else {
      out.rejected.push({ relPath, reason: 'not a regular file' });
    }
  }
}
