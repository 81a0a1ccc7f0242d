// The one name an article is shown under, in the terminal, the chat and Discord alike.

export interface Nameable {
  title: string | null;
  /** The label computed at index time (the lead sentence of an untitled article); absent in older indexes. */
  label?: string | null;
}

/** The article's title, else its label (its lead sentence), else its id. Media-specific escaping is the caller's. */
export function articleName(article: Nameable, id: string): string {
  return article.title ?? article.label ?? id;
}

/** Whether the name shown is something other than the id, so the id is worth showing beside it. */
export function hasName(article: Nameable): boolean {
  return Boolean(article.title ?? article.label);
}

export interface ArticleGroup<T extends { n: number; articleId: string }> {
  articleId: string;
  /** The numbers of this article's citations, ascending. */
  numbers: number[];
  /** This article's citations, in number order. */
  citations: T[];
}

/**
 * Citations grouped by article, in order of each article's first number: a source list names each
 * article once, with all the numbers its passages are cited under ("[1][3] …").
 */
export function groupByArticle<T extends { n: number; articleId: string }>(citations: T[]): Array<ArticleGroup<T>> {
  const groups = new Map<string, ArticleGroup<T>>();
  for (const c of [...citations].sort((a, b) => a.n - b.n)) {
    let g = groups.get(c.articleId);
    if (!g) {
      g = { articleId: c.articleId, numbers: [], citations: [] };
      groups.set(c.articleId, g);
    }
    g.numbers.push(c.n);
    g.citations.push(c);
  }
  return [...groups.values()];
}

/** "[1][3]" */
export const markers = (numbers: number[]): string => numbers.map((n) => `[${n}]`).join('');
