// The name an article is shown under: its title, or for an untitled article its lead sentence without
// the dateline, cut at a word boundary. Computed once at index time and stored with the article.
import { isBareDateline, withoutDateline } from './dateline.ts';

/** Longest label, in characters: long enough for a lead to name who and what (Discord shortens it further). */
export const LABEL_MAX = 110;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
// ICU ends a sentence after "Dec." or "U.S." when a capital follows; a label must not stop there. (The
// chunker has its own fuller list; cleaning runs before chunking and does not reach into it.)
const ABBREVIATION =
  /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|St|Jr|Sr|No|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U|[A-Z])\.$/;

/** The first sentence of a paragraph. */
function firstSentence(paragraph: string): string {
  let out = '';
  for (const seg of segmenter.segment(paragraph)) {
    out += seg.segment;
    if (!ABBREVIATION.test(out.trim())) break;
  }
  return out.trim();
}

/** Cut at the last word boundary before `max` characters, with an ellipsis when anything was cut. */
export function cutAtWord(text: string, max = LABEL_MAX): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const slice = clean.slice(0, max - 1);
  const space = slice.lastIndexOf(' ');
  const head = (space > max / 2 ? slice.slice(0, space) : slice).replace(/[\s,;:–—-]+$/u, '');
  return `${head}…`;
}

/** The lead sentence of a text as a label: dateline and agency prefix removed, final period dropped. */
export function leadLabel(paragraphs: string[]): string | null {
  const lead = paragraphs.find((p) => p.trim() && !isBareDateline(p));
  if (!lead) return null;
  const sentence = firstSentence(withoutDateline(lead.trim()));
  const label = cutAtWord(sentence.replace(/\.$/, ''));
  return label || null;
}

/** The display label of an article: its title when it has one, else its lead. */
export function articleLabel(title: string | null, paragraphs: string[]): string | null {
  return title ?? leadLabel(paragraphs);
}
