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

const TERMINAL = /[.!?:;"”’)\]]$/;

/**
 * Whether lines were broken at a fixed width inside paragraphs (wire copy, e-mail, plain-text archives):
 * most lines that are not the last of their block stop mid-sentence, at similar lengths.
 */
function hardWrapped(blocks: string[][]): boolean {
  const inner = blocks.flatMap((b) => b.slice(0, -1));
  if (inner.length === 0) return false;
  const open = inner.filter((l) => !TERMINAL.test(l)).length;
  const lengths = inner.map((l) => l.length).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)]!;
  return open / inner.length >= 0.5 && median >= 35 && median <= 100;
}

/**
 * Splits text into paragraphs. Text hard-wrapped at a fixed width (short lines inside paragraphs, which
 * blank lines or indented first lines separate) is re-joined; otherwise every line is its own paragraph,
 * as scrapers write it.
 */
export function toParagraphs(text: string): string[] {
  const blocks = text
    .split(/\n\n+/)
    .map((b) => b.split('\n').filter((l) => l !== ''))
    .filter((b) => b.length > 0);
  if (!hardWrapped(blocks)) return blocks.flat();
  return blocks.map((b) => b.join(' ').trim());
}

/** An indented line starts a paragraph (wire copy marks paragraphs so): it becomes a blank-line break. */
const INDENTED_LINE = /\n[ \t]{2,}(?=\S)/g;

/**
 * Bumped whenever cleaning changes what an article yields (text, metadata, label): existing indexes are
 * then rebuilt in full. 3: labels, dates from datelines and urls, wire copy wrapped without blank lines.
 */
export const CLEANER_VERSION = 3;

export function cleanArticle(raw: RawArticle): Article {
  const paragraphs = dropFurniture(toParagraphs(normalizeText(raw.body.replace(INDENTED_LINE, '\n\n'))));
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
