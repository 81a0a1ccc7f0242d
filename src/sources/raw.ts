// The shape every format reader produces, before cleaning.

export interface RawArticle {
  id: string;
  sourcePath: string;
  title: string | null;
  /** The date as the source states it (metadata text or a timestamp); the cleaner parses it. */
  date: string | number | null;
  outlet: string | null;
  url: string | null;
  body: string;
}

/** Article id from a path relative to the articles folder: the path without its extension. */
export function idFromPath(relPath: string): string {
  return relPath.replace(/\.[^./]+$/, '');
}

/** Longest id taken from a JSON `id` field: Discord's autocomplete values (how /sources remove names one) hold 100. */
export const MAX_JSON_ID = 100;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ID_UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * An article id given in a JSON file, made safe to store and show, or the file-derived `fallback` when it cannot
 * be: control characters and direction overrides are removed, and an id that is empty, longer than 100 characters,
 * an absolute path or a path climbing out of its folder (`../../etc/passwd`) is replaced. Either way `warning`
 * says what was done, for the reindex report. Ids never name files (they are keys in the index), but they are
 * printed and typed back by people, so they must read as what they are.
 */
export function checkJsonId(given: string, fallback: string): { id: string; warning?: string } {
  const shown = JSON.stringify(given.length > 60 ? `${given.slice(0, 60)}…` : given);
  const cleaned = given.normalize('NFC').replace(ID_UNPRINTABLE, '').trim();
  const segments = cleaned.split(/[\\/]/);
  let reason: string | null = null;
  if (cleaned === '') reason = 'it is empty';
  else if (cleaned.length > MAX_JSON_ID) reason = `it is ${cleaned.length} characters long, over ${MAX_JSON_ID}`;
  else if (/^([\\/]|[A-Za-z]:)/.test(cleaned)) reason = 'it is an absolute path';
  else if (segments.some((s) => s === '..' || s === '.' || s === '')) reason = 'it has ".", ".." or empty path segments';
  if (reason) return { id: fallback, warning: `id ${shown} was not used (${reason}); the article's id is "${fallback}"` };
  if (cleaned !== given)
    return { id: cleaned, warning: `id ${shown} held control or direction characters or spaces at its ends; used "${cleaned}"` };
  return { id: given };
}

/** The url if it is an absolute http(s) url, else null: `javascript:` and other schemes are never kept. */
export function httpUrl(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // As written when it is plain printable ASCII; otherwise as the URL parser encodes it (no spaces, no controls).
    return /^[\x21-\x7e]+$/.test(text) ? text : url.href;
  } catch {
    return null;
  }
}
