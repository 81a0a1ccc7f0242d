// Turns a file's bytes into text, refusing binary data and recovering from legacy encodings.
import { SourceError } from '../errors.ts';
import { decodeCp1252 } from './cp1252.ts';

export { SourceError };

export interface Decoded {
  text: string;
  /** Set when the bytes were not valid UTF-8 and were read as windows-1252 instead. */
  warning?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) throw new SourceError('empty file');
  // UTF-16 with a byte-order mark is text, not binary, despite its NUL bytes.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { text: new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes) };
  }
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0) throw new SourceError('binary file (contains NUL bytes), not text');
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control / sample.length > 0.05) throw new SourceError('binary file (too many control characters), not text');
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return {
      text: decodeCp1252(bytes),
      warning: `not valid UTF-8 (first bad byte at offset ${offset}); read as windows-1252`,
    };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search on the longest valid prefix would miss split sequences; a linear scan is simple and rare.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let j = 1; j < len; j++) if (((bytes[i + j] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}
