// Raw article → clean article: repaired characters, furniture gone, metadata found, content hash set.
import { createHash } from 'node:crypto';
import { SourceError } from '../sources/decode.ts';
import type { RawArticle } from '../sources/raw.ts';
import type { Article } from '../types.ts';
import { dateFromUrl, parseDate } from './date.ts';
import { dropFurniture } from './furniture.ts';
import { articleLabel } from './label.ts';
import { findMetadata } from './metadata.ts';
import { normalizeText } from './unicode.ts';

/**
 * Splits text into paragraphs. Text hard-wrapped at a fixed width (blank lines between paragraphs,
 * short lines inside them) is re-joined; otherwise every line is its own paragraph, as scrapers write it.
 */
export function toParagraphs(text: string): string[] {
  const lines = text.split('\n');
  const nonEmpty = lines.filter((l) => l !== '');
  const hasBlankLines = nonEmpty.length < lines.length;
  const lengths = nonEmpty.map((l) => l.length).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  const hardWrapped =
    hasBlankLines && nonEmpty.length >= 6 && median >= 40 && median <= 90 && nonEmpty.length > 1.5 * text.split(/\n\n+/).length;
  if (!hardWrapped) return nonEmpty;
  return text
    .split(/\n\n+/)
    .map((p) => p.replace(/\n/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Bumped whenever cleaning changes what an article yields (text, metadata, label): existing indexes are
 * then rebuilt in full. 3: labels, dates from datelines and urls.
 */
export const CLEANER_VERSION = 3;

export function cleanArticle(raw: RawArticle): Article {
  const paragraphs = dropFurniture(toParagraphs(normalizeText(raw.body)));
  const rawTitle = raw.title ? normalizeText(raw.title).replace(/\s+/g, ' ') : null;
  // A url such as …/2020/12/29/… is metadata too, as good as a date field.
  const found = findMetadata(paragraphs, { title: rawTitle, date: parseDate(raw.date) ?? dateFromUrl(raw.url) });
  const text = found.paragraphs.join('\n\n');
  if (text.replace(/\s+/g, '').length < 20) throw new SourceError('no article text left after cleaning');
  const article = {
    id: raw.id,
    sourcePath: raw.sourcePath,
    title: found.title,
    label: articleLabel(found.title, found.paragraphs),
    date: found.date,
    outlet: raw.outlet ? normalizeText(raw.outlet) : null,
    url: raw.url,
    text,
  };
  const hash = createHash('sha256')
    .update(JSON.stringify([article.id, article.title, article.date, article.outlet, article.url, article.text]))
    .digest('hex');
  return { ...article, hash };
}
