// Sentence boundaries with character offsets, from ICU's segmenter plus the abbreviations it trips on.

export interface Span {
  text: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
// ICU ends a sentence after "Mr." or "Gen." when a capital follows; these never end one in news text.
const ABBREVIATION =
  /(?:^|[\s(“"])(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Cmdr|Rev|St|Jr|Sr|Mt|Ft|No|Nos|Art|Sec|Vol|vs|etc|approx|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|E\.U|[A-Z])\.$/;

// ICU ends a sentence at every "!" or "?" before a space: "(p − 1)! + 1 is divisible by p", 'she asked "why
// not?" and left'. What follows in lower case, or as a sum, continues the sentence (not "-": a dash or a
// bullet may start the next one). A sentence opening with a lower-case brand ("iPhone sales …") after "?"
// is joined too: rare in news, and a longer sentence loses nothing.
const EXCLAIMED = /[!?]["”’)]*$/;
const CONTINUES = /^[\p{Ll}+−=×÷*/]/u;

/** Sentences of `text`, trimmed, with offsets into `text`. `base` is added to every offset. */
export function splitSentences(text: string, base = 0): Span[] {
  const spans: Span[] = [];
  for (const seg of segmenter.segment(text)) {
    const raw = seg.segment;
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const start = base + seg.index + lead;
    const span = { text: trimmed, start, end: start + trimmed.length };
    const prev = spans[spans.length - 1];
    if (prev && (ABBREVIATION.test(prev.text) || (EXCLAIMED.test(prev.text) && CONTINUES.test(trimmed)))) {
      prev.text = text.slice(prev.start - base, span.end - base);
      prev.end = span.end;
    } else {
      spans.push(span);
    }
  }
  return spans;
}

/** Paragraphs (separated by blank lines) with offsets. */
export function splitParagraphs(text: string): Span[] {
  const spans: Span[] = [];
  const re = /[^\n]+(?:\n(?!\n)[^\n]+)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return spans;
}

export const wordCount = (s: string): number => (s.match(/\S+/g) ?? []).length;
