// Markdown: optional front matter (title, date, url, outlet/source), first "# heading" as title, syntax stripped.
import { httpUrl, type RawArticle } from '../raw.ts';

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
    date: meta.date ?? meta.published ?? meta.pubdate ?? null,
    outlet: meta.outlet || meta.source || meta.publisher || null,
    // Only http(s): a `javascript:` or `file:` url would be shown, and linked, as the article's address.
    url: httpUrl(meta.url || meta.link || meta.canonical),
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

/**
 * Plain text of a Markdown body, one paragraph per line with blank lines between blocks. Lines of one
 * paragraph are joined, as Markdown renders them: a file wrapped at 80 columns must not break its sentences
 * into paragraphs. Headings, list items, rules and code lines stay lines of their own.
 */
function stripMarkdown(s: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) out.push(stripInline(paragraph.join(' ')));
    paragraph = [];
  };
  let inFence = false;
  for (const line of s.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line); // code keeps its lines
      continue;
    }
    if (line.trim() === '' || /^\s{0,3}(?:[-*_]\s*){3,}$/.test(line)) {
      flush(); // blank line or rule: a paragraph ends
      out.push('');
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      out.push(stripInline(heading[1]!));
      continue;
    }
    const item = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush(); // each list item is a paragraph of its own
      paragraph.push(item[1]!.trim());
      continue;
    }
    paragraph.push(line.replace(/^\s{0,3}>\s?/, '').trim()); // blockquote marker dropped
  }
  flush();
  return out.join('\n');
}
