// HTML: the article's main text via Mozilla Readability on a linkedom DOM; scripts, styles and navigation dropped.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { SourceError } from '../decode.ts';
import { httpUrl, type RawArticle } from '../raw.ts';

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
]);

export function readHtml(html: string, id: string, sourcePath: string): RawArticle {
  const { document } = parseHTML(html);
  const meta = (selector: string): string | null => document.querySelector(selector)?.getAttribute('content')?.trim() || null;
  const url = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || meta('meta[property="og:url"]') || null;
  const dateText =
    meta('meta[property="article:published_time"]') ??
    meta('meta[name="date"]') ??
    meta('meta[name="pubdate"]') ??
    meta('meta[itemprop="datePublished"]') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ??
    null;

  // Readability mutates the document, so metadata is read first.
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 100 }).parse();
  const body = article?.content ? blockText(parseHTML(`<html><body>${article.content}</body></html>`).document.body) : '';
  if (body.replace(/\s+/g, ' ').trim().length < 40) {
    throw new SourceError('no article text found in the HTML (only scripts, styles or navigation)');
  }
  return {
    id,
    sourcePath,
    title: article?.title?.trim() || null,
    date: article?.publishedTime ?? dateText,
    outlet: article?.siteName?.trim() || meta('meta[property="og:site_name"]') || null,
    url: httpUrl(url),
    body,
  };
}

/** Text of a DOM subtree with block elements on their own lines, so paragraphs survive. */
function blockText(node: { childNodes: ArrayLike<unknown> }): string {
  const parts: string[] = [];
  const visit = (n: { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<unknown> }) => {
    if (n.nodeType === 3) {
      parts.push(n.textContent ?? '');
      return;
    }
    if (n.nodeType !== 1) return;
    if (n.nodeName === 'SCRIPT' || n.nodeName === 'STYLE' || n.nodeName === 'NOSCRIPT') return;
    const block = BLOCK.has(n.nodeName);
    if (block) parts.push('\n\n');
    for (const child of Array.from(n.childNodes)) visit(child as typeof n);
    if (block) parts.push('\n\n');
  };
  for (const child of Array.from(node.childNodes)) visit(child as Parameters<typeof visit>[0]);
  return parts
    .join('')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
