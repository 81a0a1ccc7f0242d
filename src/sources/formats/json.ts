// JSON (one article object or an array) and JSONL (one article per line).
import { z } from 'zod';
import { SourceError } from '../decode.ts';
import type { RawArticle } from '../raw.ts';

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
}

function toArticle(value: unknown, id: string, sourcePath: string): RawArticle {
  const parsed = item.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SourceError(issue.path.length ? `field "${issue.path.join('.')}": ${issue.message}` : 'not an article object');
  }
  const a = parsed.data;
  const body = a.text ?? a.body ?? a.content;
  if (body === undefined || body.trim() === '') throw new SourceError('no text (expected a non-empty "text", "body" or "content" field)');
  const url = a.url?.trim() || null;
  return {
    id: a.id !== undefined ? String(a.id) : id,
    sourcePath,
    title: a.title?.trim() || null,
    date: a.date ?? null,
    outlet: a.outlet?.trim() || a.source?.trim() || null,
    url: url && /^https?:\/\//i.test(url) ? url : null,
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
  if (!Array.isArray(data)) return { articles: [toArticle(data, baseId, sourcePath)], failures: [] };
  const out: JsonRead = { articles: [], failures: [] };
  data.forEach((value, i) => {
    try {
      out.articles.push(toArticle(value, `${baseId}#${i + 1}`, sourcePath));
    } catch (err) {
      out.failures.push({ where: `${sourcePath}[${i}]`, reason: (err as Error).message });
    }
  });
  return out;
}

export function readJsonl(text: string, baseId: string, sourcePath: string): JsonRead {
  const out: JsonRead = { articles: [], failures: [] };
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
      out.articles.push(toArticle(value, `${baseId}#${i + 1}`, sourcePath));
    } catch (err) {
      out.failures.push({ where, reason: (err as Error).message });
    }
  });
  return out;
}
