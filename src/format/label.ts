// The one name an article is shown under, in the terminal, the chat and Discord alike.

export interface Nameable {
  title: string | null;
}

/** The article's title, or its id when it has none. Media-specific escaping is the caller's. */
export function articleName(article: Nameable, id: string): string {
  return article.title ?? id;
}
