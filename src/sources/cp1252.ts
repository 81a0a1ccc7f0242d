// windows-1252, written out because Node's TextDecoder('windows-1252') decodes 0x80-0x9F as latin-1 controls.

const C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** The characters of bytes 0x80..0xFF, in order. */
export const CP1252_HIGH: readonly string[] = [...C1, ...Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i))];

export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP1252_HIGH[b - 0x80]!;
  return out;
}
