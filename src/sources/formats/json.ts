// JSON (one article object or an array) and JSONL (one article per line).
import { z } from 'zod';
import { SourceError } from '../decode.ts';
import { checkJsonId, httpUrl, type RawArticle } from '../raw.ts';

const item = z
  .object({
    id: z.union([z.string().min(1), z.number()]).optional(),
    title: z.string().optional().nullable(),
    text: z.string().optional(),
    body: z.string().optional(),
    content: z.string().optional(),
    date: z.union([z.string(), z.number()]).optional().nullable(),
    url: z.string().optional().nullable(),
    source: z.string().optional().nullable(),
    outlet: z.string().optional().nullable(),
  })
  .loose();

export interface JsonRead {
  articles: RawArticle[];
  /** Items or lines that could not be read, e.g. "feed.jsonl:3". */
  failures: Array<{ where: string; reason: string }>;
  /** Items read with a change, e.g. an id that could not be used as given. */
  warnings: Array<{ where: string; reason: string }>;
}

function toArticle(value: unknown, id: string, sourcePath: string, warn: (reason: string) => void): RawArticle {
  const parsed = item.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SourceError(issue.path.length ? `field "${issue.path.join('.')}": ${issue.message}` : 'not an article object');
  }
  const a = parsed.data;
  const body = a.text ?? a.body ?? a.content;
  if (body === undefined || body.trim() === '') throw new SourceError('no text (expected a non-empty "text", "body" or "content" field)');
  let articleId = id;
  if (a.id !== undefined) {
    const checked = checkJsonId(String(a.id), id);
    if (checked.warning) warn(checked.warning);
    articleId = checked.id;
  }
  return {
    id: articleId,
    sourcePath,
    title: a.title?.trim() || null,
    date: a.date ?? null,
    outlet: a.outlet?.trim() || a.source?.trim() || null,
    url: httpUrl(a.url),
    body,
  };
}

export function readJson(text: string, baseId: string, sourcePath: string): JsonRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SourceError(`invalid JSON: ${(err as Error).message}`);
  }
  const out: JsonRead = { articles: [], failures: [], warnings: [] };
  if (!Array.isArray(data)) {
    out.articles.push(toArticle(data, baseId, sourcePath, (reason) => out.warnings.push({ where: sourcePath, reason })));
    return out;
  }
  data.forEach((value, i) => {
    try {
      const where = `${sourcePath}[${i}]`;
      out.articles.push(toArticle(value, `${baseId}#${i + 1}`, sourcePath, (reason) => out.warnings.push({ where, reason })));
    } catch (err) {
      out.failures.push({ where: `${sourcePath}[${i}]`, reason: (err as Error).message });
    }
  });
  return out;
}

export function readJsonl(text: string, baseId: string, sourcePath: string): JsonRead {
  const out: JsonRead = { articles: [], failures: [], warnings: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${sourcePath}:${i + 1}`;
    try {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new SourceError(`invalid JSON: ${(err as Error).message}`);
      }
      out.articles.push(toArticle(value, `${baseId}#${i + 1}`, sourcePath, (reason) => out.warnings.push({ where, reason })));
    } catch (err) {
      out.failures.push({ where, reason: (err as Error).message });
    }
  });
  return out;
}
