// Plain-text rendering of results for the terminal.
// Every name, id, path and url is passed through `printable`: they come from files and users, and a newline or
// an escape sequence in one must not fake a line of the report or rewrite the terminal.
import { articleName, groupByArticle, hasName, markers } from '../format/label.ts';
import { printable as p } from '../format/printable.ts';
import { redact } from '../shared/redact.ts';
import type { AskResult, Citation, IndexStats, ReindexReport, SourceInfo, SummaryResult } from '../types.ts';

/** Each article once: its numbers, its name, outlet and date, then the quote of each of its numbers. */
export function formatSources(citations: Citation[]): string {
  if (citations.length === 0) return '';
  const blocks = groupByArticle(citations).map(({ articleId, numbers, citations: cs }) => {
    const c = cs[0]!;
    const meta = p([c.outlet, c.date].filter(Boolean).join(', '));
    const head = `${markers(numbers)} ${p(articleName(c, articleId))}${meta ? ` — ${meta}` : ''}${hasName(c) ? ` (${p(articleId)})` : ''}`;
    const quotes = cs.map((q) => `    ${cs.length > 1 ? `[${q.n}] ` : ''}“${q.quote}”`);
    return [head, c.url ? `    ${p(c.url)}` : null, ...quotes].filter(Boolean).join('\n');
  });
  return `Sources\n${blocks.join('\n')}`;
}

export function formatAnswer(r: AskResult): string {
  const parts = [...(r.note ? [`(${r.note})`] : []), r.answer];
  if (r.refused && r.related.length) {
    parts.push(
      `Closest articles (not an answer): ${r.related.map((a) => p(hasName(a) ? `${articleName(a, a.articleId)} (${a.articleId})` : a.articleId)).join('; ')}`,
    );
  }
  const sources = formatSources(r.citations);
  if (sources) parts.push(sources);
  return parts.join('\n\n');
}

export function formatSummary(r: SummaryResult): string {
  const head = r.article
    ? `Summary of ${p(articleName(r.article, r.article.id))} (${p(r.article.id)})`
    : `Summary: ${r.target.kind === 'topic' ? p(r.target.topic) : ''}`;
  return [head, r.note ? `(${r.note})` : '', r.summary, formatSources(r.citations)].filter(Boolean).join('\n\n');
}

export function formatReport(r: ReindexReport): string {
  const lines = [
    `Articles: ${r.added.length} added, ${r.updated.length} updated, ${r.unchanged} unchanged, ${r.removed.length} removed, ${r.failed.length} failed`,
    `Chunks embedded: ${r.chunksEmbedded} (index now holds ${r.articles} articles, ${r.chunks} chunks)`,
    `Time: ${(r.durationMs / 1000).toFixed(1)} s${r.chunksEmbedded ? `, of which embedding ${(r.embedMs / 1000).toFixed(1)} s` : ''}${r.swapped ? '' : ' (nothing changed: live index kept)'}`,
  ];
  if (r.repaired) lines.unshift(`The previous index was damaged (${p(r.repaired)}): rebuilt from the articles without reading it.`);
  // The reasons are error messages (a file system error quotes its path): redacted like every other.
  if (r.failed.length) lines.push('Failed:', ...r.failed.map((f) => `  ${p(redact(f.path))}: ${p(redact(f.reason))}`));
  if (r.warnings.length) lines.push('Warnings:', ...r.warnings.map((f) => `  ${p(redact(f.path))}: ${p(redact(f.reason))}`));
  return lines.join('\n');
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024).toFixed(1)} KB`;
}

export function formatStats(s: IndexStats | null): string {
  if (!s) return 'No index yet. Build it with `archivist index`.';
  return [
    `Articles:  ${s.articles}`,
    `Chunks:    ${s.chunks}`,
    `Embedder:  ${s.embedder.provider} ${p(s.embedder.model)} (${s.embedder.dimension} dimensions)`,
    `Built at:  ${s.builtAt}`,
    `Size:      ${formatBytes(s.sizeBytes)}`,
    `Location:  ${p(s.indexDir)} (generation ${p(s.generation)})`,
    `Checked:   manifest, SQLite quick check, vectors = chunks = keyword rows (${s.chunks}): whole`,
  ].join('\n');
}

export function formatSourceList(sources: SourceInfo[]): string {
  if (sources.length === 0) return 'No articles indexed.';
  return sources
    .map(
      (s) =>
        `${p(s.id)}${s.collection ? `  [added in Discord server ${p(s.collection)}]` : ''}\n    ${p(s.title ?? s.label ?? '(no title)')}${[s.outlet, s.date].some(Boolean) ? ` — ${p([s.outlet, s.date].filter(Boolean).join(', '))}` : ''} · ${s.chunks} chunks`,
    )
    .join('\n');
}

/**
 * Markdown bold as a terminal shows it: "**Hakan Fidan**" in bold on a terminal that takes escape codes,
 * as typed elsewhere (a pipe or a file keeps the markdown; NO_COLOR keeps it too). Only the markers the
 * answerer writes are turned: every other escape in the text was made printable before.
 */
export function forTerminal(text: string, stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): string {
  if (!(stream as NodeJS.WriteStream).isTTY || env.NO_COLOR) return text;
  return text.replace(/\*\*([^*\n]+?)\*\*/g, '\x1b[1m$1\x1b[22m');
}
