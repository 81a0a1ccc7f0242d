// Names and ids come from files, JSON fields, urls and Discord users: any of them may hold a newline that
// fakes a line of a report, an escape sequence that rewrites the terminal (`\r\x1b[2K`), or a right-to-left
// override that makes text read backwards. Every name and id the CLI, the chat and the bot print goes
// through `printable` first, which shows such characters as visible escapes instead of obeying them.

/**
 * C0 controls, DEL, C1 controls, line and paragraph separators, and the bidirectional embeddings, overrides
 * and isolates (the "Trojan Source" characters). Left-to-right and right-to-left marks stay: real names in
 * Arabic or Hebrew use them, and they reorder nothing around them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, with line breaks allowed
const UNPRINTABLE_KEEPING_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** The text with every control and bidi-override character shown as an escape (`\n`, `\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

/** As `printable`, but line breaks stay line breaks: for messages of several lines written by the program. */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_KEEPING_LINES, escapeChar);
}

/** Whether the text holds anything `printable` would escape. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return found;
}
