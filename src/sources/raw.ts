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
