// Character-level repair: Unicode normalisation, mojibake, invisible characters, white space.

import { CP1252_HIGH } from '../sources/cp1252.ts';

// Map each windows-1252 character back to its byte, so "â€™" can be re-read as the UTF-8 it was.
const CP1252_BYTE = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) CP1252_BYTE.set(CP1252_HIGH[b - 0x80]!, b);
const utf8 = new TextDecoder('utf-8', { fatal: true });
// A UTF-8 lead byte (0xC2-0xF4) read as cp1252, followed by continuation bytes (0x80-0xBF) read as cp1252.
const CONTINUATION = [...CP1252_BYTE]
  .filter(([, b]) => b <= 0xbf)
  .map(([c]) => c)
  .join('')
  .replace(/[\]\\^-]/g, '\\$&');
const MOJIBAKE = new RegExp(`[\\u00c2-\\u00f4][${CONTINUATION}]{1,3}`, 'g');

/** Repairs text that was UTF-8 but decoded as windows-1252/latin-1 ("Ã§" → "ç", "â€™" → "’"). */
export function repairMojibake(text: string): string {
  return text.replace(MOJIBAKE, (run) => {
    const bytes = Uint8Array.from([...run].map((c) => CP1252_BYTE.get(c) ?? 0));
    try {
      const fixed = utf8.decode(bytes);
      return fixed.length === 1 || [...fixed].length === 1 ? fixed : run;
    } catch {
      return run;
    }
  });
}

/** NFC, mojibake repaired, invisible characters dropped, spaces collapsed, lines trimmed. Keeps paragraph breaks. */
export function normalizeText(text: string): string {
  return (
    repairMojibake(text.normalize('NFC'))
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '') // zero-width and soft hyphen
      .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/ {2,}/g, ' ')
      .split('\n')
      .map((l) => l.trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
