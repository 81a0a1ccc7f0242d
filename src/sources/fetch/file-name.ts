// Decides the file name under which an uploaded or fetched article is saved, and refuses
// formats the indexer cannot read. The extension tells the indexer how to parse the file.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError } from '../../errors.ts';

export const ARTICLE_EXTENSIONS = ['txt', 'md', 'html', 'json', 'jsonl'] as const;
export type ArticleExtension = (typeof ARTICLE_EXTENSIONS)[number];

const TYPE_TO_EXTENSION: Record<string, ArticleExtension> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/json': 'json',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
  'application/x-jsonlines': 'jsonl',
};

const EXTENSION_ALIASES: Record<string, ArticleExtension> = { htm: 'html', markdown: 'md', text: 'txt', ndjson: 'jsonl' };

/** Servers and Discord label text files loosely; these types never contradict a known extension. */
function compatibleWithAnyExtension(type: string): boolean {
  return type === 'application/octet-stream' || type.startsWith('text/') || type in TYPE_TO_EXTENSION;
}

function extensionOf(name: string): ArticleExtension | null {
  const ext = path.extname(name).slice(1).toLowerCase();
  if ((ARTICLE_EXTENSIONS as readonly string[]).includes(ext)) return ext as ArticleExtension;
  return EXTENSION_ALIASES[ext] ?? null;
}

/**
 * The extension to save under: the name's own when it is one we read and the content type
 * does not contradict it, else the one the content type implies. Throws when neither works.
 */
export function chooseExtension(name: string, contentType: string | null): ArticleExtension {
  const fromName = extensionOf(name);
  const type = contentType?.split(';')[0]?.trim().toLowerCase() || null;
  if (type && !compatibleWithAnyExtension(type)) {
    throw new InputError(`Unsupported content type ${type}: send a ${ARTICLE_EXTENSIONS.join(', ')} file.`);
  }
  if (fromName) return fromName;
  const fromType = type ? TYPE_TO_EXTENSION[type] : undefined;
  if (fromType) return fromType;
  // Named as JSON quotes it: a name from a url or an attachment may hold anything.
  throw new InputError(
    `${JSON.stringify(path.basename(name))} is not a supported file type: send a ${ARTICLE_EXTENSIONS.join(', ')} file.`,
  );
}

function slug(text: string, max: number): string {
  return text
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, max)
    .replace(/[-.]+$/, '');
}

/** A safe file name for an attachment, keeping its base name. */
export function attachmentFileName(name: string, contentType: string | null): string {
  const ext = chooseExtension(name, contentType);
  const base = slug(path.basename(name, path.extname(name)), 80) || 'article';
  return `${base}.${ext}`;
}

/**
 * A file name for a fetched url: host and last path segment, plus a short hash of the whole url
 * so two pages with the same last segment do not overwrite each other, while adding the same
 * url again updates the same file.
 */
export function urlFileName(url: URL, contentType: string | null): string {
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  const ext = chooseExtension(last, contentType);
  const base = slug(`${url.hostname}-${path.basename(last, path.extname(last))}`, 70) || 'article';
  const hash = createHash('sha256').update(url.toString()).digest('hex').slice(0, 8);
  return `${base}-${hash}.${ext}`;
}
