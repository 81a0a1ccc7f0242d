// Reading a model's answer: its lines, sentences and the passages each sentence cites. Models write
// citations as [1][3], [1, 3], [1-3] or [1–3] (and sometimes [Passage 2]); all are understood. A number
// naming no passage that was given ([5] with four passages) is dropped here and never reaches a user.
import { splitSentences } from '../../chunk/sentences.ts';

export interface ParsedSentence {
  /** The sentence with its markers removed. */
  text: string;
  /** Passages it cites (1-based, as numbered in the prompt): valid ones only, in order, without repeats. */
  cites: number[];
}

export interface ParsedLine {
  /** A "- " point, a short "Heading:" line, or running text. */
  kind: 'text' | 'bullet' | 'heading';
  sentences: ParsedSentence[];
}

export interface ParsedAnswer {
  lines: ParsedLine[];
  /** Numbers in markers that named no passage given. */
  invalidMarkers: number;
}

const NUMBERS = String.raw`\d+(?:\s*[-–]\s*\d+)?(?:\s*[,;]\s*(?:and\s+)?\d+(?:\s*[-–]\s*\d+)?)*`;
const MARKER_SOURCE = String.raw`\[\s*(?:(?:passages?|sources?)\s*)?(${NUMBERS})\s*\]`;
const marker = () => new RegExp(MARKER_SOURCE, 'gi');
/** A run of markers right after a sentence's end: "… system. [1][2] Next" belongs to the sentence before. */
const AFTER_END = new RegExp(String.raw`([.!?]["”’)]*)((?:\s*${MARKER_SOURCE})+)`, 'gi');
/** The widest range expanded ([1-300] is no citation anyone means). */
const MAX_RANGE = 20;

/** The numbers a marker's inside names, ranges expanded. */
function numbersIn(inside: string): number[] {
  const out: number[] = [];
  for (const part of inside.split(/\s*[,;]\s*(?:and\s+)?/)) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part.trim());
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b >= a && b - a <= MAX_RANGE) for (let n = a; n <= b; n++) out.push(n);
      else out.push(a, b);
    } else if (/^\d+$/.test(part.trim())) out.push(Number(part.trim()));
  }
  return out;
}

/** Text without markers, with the space a marker leaves before punctuation closed up. */
function withoutMarkers(text: string): string {
  return text
    .replace(marker(), '')
    .replace(/[ \t]+([.,;:!?)”’"])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * What to show of an answer still being written: markers (unchecked yet) removed, a marker being written
 * at the end held back, trailing space trimmed, so each text shown extends the one before.
 */
export function displayPartial(text: string): string {
  const held = text.replace(/\s*\[[^\]\n]{0,24}$/, '');
  return withoutMarkers(held);
}

function lineKind(line: string): { kind: ParsedLine['kind']; body: string } {
  const bullet = /^\s*(?:[-*•]|\d{1,2}[.)])\s+(.*)$/.exec(line);
  if (bullet) return { kind: 'bullet', body: bullet[1]! };
  const plain = withoutMarkers(line);
  if (plain.length <= 80 && plain.endsWith(':') && !marker().test(line) && !/[.!?]/.test(plain)) {
    return { kind: 'heading', body: plain.replace(/^[#*_\s]+|[*_\s]+(?=:$)/g, '') };
  }
  return { kind: 'text', body: line.replace(/^#+\s*/, '') };
}

export function parseAnswer(output: string, passageCount: number): ParsedAnswer {
  let invalidMarkers = 0;
  const lines: ParsedLine[] = [];
  for (const raw of output.replace(/\r\n?/g, '\n').split('\n')) {
    if (!raw.trim()) continue;
    const { kind, body } = lineKind(raw);
    if (kind === 'heading') {
      lines.push({ kind, sentences: [{ text: body, cites: [] }] });
      continue;
    }
    const normalised = body.replace(AFTER_END, (_m, end: string, marks: string) => `${marks}${end}`);
    const sentences: ParsedSentence[] = [];
    for (const span of splitSentences(normalised)) {
      const cites: number[] = [];
      for (const m of span.text.matchAll(marker())) {
        for (const n of numbersIn(m[1]!)) {
          if (n >= 1 && n <= passageCount) {
            if (!cites.includes(n)) cites.push(n);
          } else invalidMarkers++;
        }
      }
      const text = withoutMarkers(span.text);
      // Markers left on their own (after a split the segmenter made) belong to the sentence before.
      if (!/[\p{L}\p{N}]/u.test(text)) {
        const prev = sentences.at(-1);
        if (prev) for (const n of cites) if (!prev.cites.includes(n)) prev.cites.push(n);
        continue;
      }
      sentences.push({ text, cites });
    }
    if (sentences.length) lines.push({ kind, sentences });
  }
  return { lines, invalidMarkers };
}

/** The model's way of saying the passages do not answer: nothing, or the sentinel first (give or take quotes). */
export function isNotCovered(output: string, sentinel: string): boolean {
  const t = output.trim().replace(/^["'`*_]+/, '');
  return t === '' || t.toUpperCase().startsWith(sentinel);
}

/** Whether a text being written may still turn out to be the sentinel: it is not shown while it may. */
export function maybeSentinel(textSoFar: string, sentinel: string): boolean {
  const t = textSoFar
    .trim()
    .replace(/^["'`*_]+/, '')
    .toUpperCase();
  return sentinel.startsWith(t) || t.startsWith(sentinel);
}

/** The text with each marker's numbers filtered by `keep` (a marker left with none is removed). */
export function filterMarkers(text: string, keep: (n: number) => boolean): string {
  return text
    .replace(marker(), (_m, inside: string) => {
      const ns = [...new Set(numbersIn(inside))].filter(keep);
      return ns.map((n) => `[${n}]`).join('');
    })
    .replace(/[ \t]+([.,;:!?])/g, '$1');
}
