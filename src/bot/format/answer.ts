// Turns the core's answers and summaries into message text: the answer with its [n] markers,
// then a compact numbered source list; the quoted passages are shown separately (Sources button).
import type { AskResult, Citation, RelatedArticle, SummaryResult } from '../../types.ts';
import { articleName, groupByArticle, markers } from '../../format/label.ts';
import { articleLabel, escapeText } from './text.ts';
import { truncate } from '../limits.ts';

const MAX_QUOTE = 900;

function truncateKeepingLines(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** One line per article, with every number its passages are cited under: "[1][3] Title — Outlet, date". */
function articleLines(citations: Citation[]): Array<{ line: string; citations: Citation[] }> {
  return groupByArticle(citations).map((g) => ({
    line: `${markers(g.numbers)} ${articleLabel(g.citations[0]!, g.articleId)}`,
    citations: g.citations,
  }));
}

function sourcesBlock(citations: Citation[]): string {
  if (citations.length === 0) return '';
  return `\n\n**Sources**\n${articleLines(citations)
    .map((a) => a.line)
    .join('\n')}`;
}

function relatedBlock(related: RelatedArticle[]): string {
  if (related.length === 0) return '';
  const lines = related.slice(0, 5).map((r) => `• ${escapeText(truncate(articleName(r, r.articleId), 150))}`);
  // These are near misses, not support for any claim: say so.
  return `\n\nClosest articles in the archive (they do not answer the question):\n${lines.join('\n')}`;
}

/** Why the extractive answer stands in for the model's, in small print above it. */
const noteLine = (note: string | undefined): string => (note ? `-# ${escapeText(note)}\n` : '');

/** The full text of an answer; the caller splits it into messages. */
export function formatAnswer(result: AskResult): string {
  const answer = `${noteLine(result.note)}${result.answer.trim()}`;
  return result.refused ? `${answer}${relatedBlock(result.related)}` : `${answer}${sourcesBlock(result.citations)}`;
}

export function summaryHeading(result: SummaryResult): string {
  if (result.target.kind === 'article') {
    const title = result.article ? articleName(result.article, result.article.id) : result.target.article;
    return `**Summary of ${escapeText(truncate(title, 200))}**`;
  }
  const { topic, from, to } = result.target;
  const range = from || to ? ` (${from ?? '…'} to ${to ?? '…'})` : '';
  return `**Summary: ${escapeText(truncate(topic, 200))}${range}**`;
}

export function formatSummary(result: SummaryResult): string {
  const body = result.summary.trim();
  return `${summaryHeading(result)}\n${noteLine(result.note)}${body}${result.refused ? '' : sourcesBlock(result.citations)}`;
}

/** What the Sources button shows: each citation with the passage it quotes. */
export function formatQuotes(citations: Citation[]): string {
  if (citations.length === 0) return 'This answer cites no passages.';
  return articleLines(citations)
    .map(({ line, citations: cs }) => {
      const quotes = cs.map((c) => {
        // Long quotes are cut so one citation cannot fill a whole message on its own.
        const number = cs.length > 1 ? `[${c.n}] ` : '';
        return truncateKeepingLines(c.quote.trim(), MAX_QUOTE)
          .split('\n')
          .map((l, i) => `> ${i === 0 ? number : ''}${escapeText(l)}`)
          .join('\n');
      });
      return `${line}\n${quotes.join('\n')}`;
    })
    .join('\n\n');
}
