// The paginated list of indexed articles shown by /sources list: the shared corpus and the server's own
// articles, each marked, so a moderator sees which ones /sources remove can take away.
import { articleName, hasName } from '../../format/label.ts';
import type { SourceInfo } from '../../types.ts';
import { articleLabel, codeText } from './text.ts';

export const SOURCES_PAGE_SIZE = 10;

/** The marks before each article: shared with every server, or added in this one. */
export const SHARED_MARK = '🌐';
export const OWN_MARK = '🏠';

export interface SourcePage {
  content: string;
  /** Zero-based page actually shown (clamped into range). */
  page: number;
  pages: number;
}

/** Newest first, undated last, then by title: the order a reader scanning for recent news expects. */
export function sortSources(sources: SourceInfo[]): SourceInfo[] {
  return [...sources].sort((a, b) => {
    if (a.date !== b.date) return a.date === null ? 1 : b.date === null ? -1 : b.date.localeCompare(a.date);
    return articleName(a, a.id).localeCompare(articleName(b, b.id));
  });
}

export function formatSourcePage(sources: SourceInfo[], requestedPage: number): SourcePage {
  const own = sources.filter((s) => s.collection != null).length;
  const pages = Math.max(1, Math.ceil(sources.length / SOURCES_PAGE_SIZE));
  const page = Math.min(Math.max(0, requestedPage), pages - 1);
  if (sources.length === 0) return { content: 'No articles are indexed yet.', page: 0, pages: 1 };
  const sorted = sortSources(sources);
  const first = page * SOURCES_PAGE_SIZE;
  const lines = sorted
    .slice(first, first + SOURCES_PAGE_SIZE)
    // The id is what /sources remove takes; an article with neither title nor label already shows it.
    .map(
      (s, i) =>
        `${first + i + 1}. ${s.collection != null ? OWN_MARK : SHARED_MARK} ${articleLabel(s, s.id)}${hasName(s) ? ` · \`${codeText(s.id)}\`` : ''}`,
    );
  const header = `**Indexed articles** (${sources.length}: ${sources.length - own} ${SHARED_MARK} shared with every server, ${own} ${OWN_MARK} added in this server) — page ${page + 1}/${pages}`;
  return { content: `${header}\n${lines.join('\n')}`, page, pages };
}
