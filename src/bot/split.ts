// Splits long text into Discord-sized messages at the most natural boundary available,
// without ever cutting through a citation marker, a link or another `<...>` construct.
import { DISCORD_LIMITS } from './limits.ts';

interface Span {
  start: number;
  end: number;
}

/** Constructs that must never be split: a half link or a half `[12]` is worse than a shorter message. */
const PROTECTED: RegExp[] = [
  /\[(?:\\.|[^\]\\\n])*\]\(<?[^)\s]+>?\)/g, // masked link [text](<url>)
  /<[^<>\s]{1,500}>/g, // <https://...>, <t:...:R>, <@id>
  /https?:\/\/[^\s<>()]+/g, // bare url
  /\[\d+(?:\s*[,;–-]\s*\d+)*\]/g, // citation marker [3], [1, 2]
];

/** A citation marker right after a cut would be orphaned from the sentence it supports. */
const STARTS_WITH_CITATION = /^\s*\[\d+(?:\s*[,;–-]\s*\d+)*\]/;

/** Separators in order of preference; the cut goes right after the separator. */
const LEVELS: Array<{ re: RegExp; withinLine: boolean }> = [
  { re: /\n[ \t]*\n\s*/g, withinLine: false }, // paragraph
  { re: /\n\s*/g, withinLine: false }, // line
  // sentence, with any markers placed after its period ("... system. [1] The US ...")
  { re: /[.!?…]["'”’)\]]*(?:[ \t]*\[\d+(?:\s*[,;–-]\s*\d+)*\])*[ \t]+/g, withinLine: true },
  { re: /[ \t]+/g, withinLine: true }, // word
];

/** A preferred boundary is only taken if it leaves at least this much of the limit filled. */
const MIN_FILL = 0.4;

function protectedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const re of PROTECTED) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

function insideSpan(pos: number, spans: Span[]): Span | undefined {
  return spans.find((s) => s.start < pos && pos < s.end);
}

/** Inside a line, a cut may not precede a marker; a line (a source list entry) may start with one. */
function legalCut(text: string, pos: number, spans: Span[], withinLine: boolean): boolean {
  if (pos <= 0 || insideSpan(pos, spans)) return false;
  return !withinLine || !STARTS_WITH_CITATION.test(text.slice(pos, pos + 24));
}

/** Position at which to cut `text` so that the first piece fits into `limit` characters. */
function findCut(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  const spans = protectedSpans(text.slice(0, limit + 600));
  let fallback = 0;
  for (const { re, withinLine } of LEVELS) {
    re.lastIndex = 0;
    let best = 0;
    for (const m of window.matchAll(re)) {
      if (m.index > limit) break;
      const cut = m.index + m[0].length;
      // Whitespace at the end of the piece is trimmed off, so only what precedes it must fit.
      if (text.slice(0, cut).trimEnd().length > limit) break;
      if (legalCut(text, cut, spans, withinLine)) best = cut;
    }
    if (best >= limit * MIN_FILL) return best;
    fallback = Math.max(fallback, best);
  }
  if (fallback > 0) return fallback;
  // No whitespace at all: cut at the limit unless that is inside a link or marker, then before it.
  const span = insideSpan(limit, spans);
  return span && span.start > 0 ? span.start : limit;
}

/**
 * Splits `text` into pieces of at most `limit` characters, preferring paragraph, then line,
 * sentence and word boundaries. Whitespace at the cuts is dropped; nothing else is.
 */
export function splitMessage(text: string, limit: number = DISCORD_LIMITS.messageContent): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
