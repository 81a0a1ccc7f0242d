// Markdown: optional front matter (title, date, url, outlet/source), first "# heading" as title, syntax stripped.
import { parseDate } from '../../clean/date.ts';
import type { RawArticle } from '../raw.ts';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function readMarkdown(text: string, id: string, sourcePath: string): RawArticle {
  let body = text.replace(/^\uFEFF/, '');
  const meta: Record<string, string> = {};
  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    body = body.slice(fm[0].length);
    for (const line of fm[1]!.split(/\r?\n/)) {
      const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
      if (m) meta[m[1]!.toLowerCase()] = m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  let title = meta.title || null;
  const heading = /^\s{0,3}#\s+(.+?)\s*#*\s*$/m.exec(body);
  if (heading && body.slice(0, heading.index).trim() === '') {
    title ??= heading[1]!;
    body = body.slice(heading.index + heading[0].length);
  }
  return {
    id,
    sourcePath,
    title: title ? stripInline(title) : null,
    date: parseDate(meta.date ?? meta.published ?? meta.pubdate),
    outlet: meta.outlet || meta.source || meta.publisher || null,
    url: meta.url || meta.link || meta.canonical || null,
    body: stripMarkdown(body),
  };
}

function stripInline(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1') // links keep their text
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2');
}

function stripMarkdown(s: string): string {
  return s
    .split(/\r?\n/)
    .map((line) =>
      stripInline(
        line
          .replace(/^\s{0,3}#{1,6}\s+/, '') // headings become their own paragraph lines
          .replace(/^\s{0,3}>\s?/, '') // blockquotes
          .replace(/^\s*[-*+]\s+/, '') // bullets
          .replace(/^\s*(?:[-*_]\s*){3,}$/, ''), // rules
      ),
    )
    .filter((line) => !/^\s*```/.test(line))
    .join('\n');
}
