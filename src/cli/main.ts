// The `archivist` command line. Thin: it parses arguments, calls the core API and prints.
import { Command, InvalidArgumentError, Option } from 'commander';
import { errorForLog, explain, IndexDamagedError, InputError } from '../errors.ts';
import { printable, printableLines } from '../format/printable.ts';
import { fromUrlOrFile } from '../sources/fetch/ingest.ts';
import { isIsoDate } from '../validate.ts';
import type { AskOptions } from '../types.ts';
import { runAsk } from './ask.ts';
import { runChat } from './chat.ts';
import { withArchive } from './context.ts';
import { formatReport, formatSourceList, formatStats, formatSummary } from './format.ts';
import { progressReporter } from './progress.ts';
import { runStart } from './start.ts';

const isoDate = (value: string): string => {
  if (!isIsoDate(value)) throw new InvalidArgumentError('expected a date written YYYY-MM-DD, e.g. 2020-12-29');
  return value;
};
const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError('expected a whole number from 1 to 20');
  return n;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command()
  .name('archivist')
  .description('Answers questions about a corpus of news articles, with citations to the exact sources.')
  .showHelpAfterError();

program
  .command('index')
  .description('Build or refresh the index from the articles folder (only changed articles are embedded)')
  .option('--full', 'rebuild everything, ignoring content hashes')
  .option('--dir <dir>', 'read articles from this folder instead of ARTICLES_DIR')
  .action(async (opts: { full?: boolean; dir?: string }) => {
    await withArchive(async ({ archive }) => {
      const progress = progressReporter();
      let report: Awaited<ReturnType<typeof archive.reindex>>;
      try {
        report = await archive.reindex({ full: opts.full, dir: opts.dir }, progress.update);
      } finally {
        progress.stop();
      }
      process.stdout.write(`${formatReport(report)}\n`);
      // Exit non-zero only when nothing at all could be indexed (the live index is then kept).
      if (report.articles === 0) {
        process.stderr.write(
          `archivist: no article could be indexed from ${opts.dir ?? archive.config.articlesDir}; the live index was kept\n`,
        );
        process.exitCode = 1;
      }
    });
  });

program
  .command('add')
  .description('Add an article from a url or a file (txt, md, html, json, jsonl) to the articles folder, then reindex')
  .argument('<url-or-file>', 'an http(s) url, or a path to a local file')
  .action(async (input: string) => {
    await withArchive(async ({ archive, config }) => {
      // The same checks as /sources add: url policy, size limit, name and format, readable by the indexer.
      const incoming = await fromUrlOrFile(input, config);
      const progress = progressReporter();
      let result: Awaited<ReturnType<typeof archive.addArticle>>;
      try {
        result = await archive.addArticle(incoming.fileName, incoming.content, progress.update);
      } finally {
        progress.stop();
      }
      process.stdout.write(
        `Added ${printable(result.id)} (saved as ${printable(result.path)}) from ${printable(incoming.origin)}\n${formatReport(result.report)}\n`,
      );
    });
  });

program
  .command('status')
  .description('Show what is indexed, after checking the index is whole (exits 1 when it is missing or damaged)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withArchive(async ({ archive, config }) => {
      if (!opts.json) {
        // A damaged index throws IndexDamagedError: printed as one line naming the repair, exit 1.
        const stats = archive.stats();
        process.stdout.write(`${formatStats(stats)}\n`);
        if (!stats) process.exitCode = 1;
        return;
      }
      const report = statusJson(() => archive.stats(), config.indexDir);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (report.status !== 'ok') process.exitCode = 1;
    });
  });

program
  .command('sources')
  .description('List the indexed articles of the shared corpus')
  .option('--json', 'print JSON')
  .option('--all', 'also the articles Discord servers added with /sources add, each marked with its server')
  .action(async (opts: { json?: boolean; all?: boolean }) => {
    await withArchive(async ({ archive }) => {
      const sources = archive.listSources({ all: opts.all === true });
      process.stdout.write(opts.json ? `${JSON.stringify(sources, null, 2)}\n` : `${formatSourceList(sources)}\n`);
    });
  });

program
  .command('ask')
  .description('Ask a question; "-" reads one question per line from standard input')
  .argument('<question>', 'the question, or - for standard input')
  .option('--json', 'print JSON (JSONL with -)')
  .option('--k <n>', 'passages to retrieve (1-20)', positiveInt)
  .option('--from <date>', 'only articles published on or after this date', isoDate)
  .option('--to <date>', 'only articles published on or before this date', isoDate)
  .option('--source <id>', 'only this article id or outlet (repeatable)', collect)
  .action(async (question: string, opts: { json?: boolean; k?: number; from?: string; to?: string; source?: string[] }) => {
    await withArchive(async ({ archive }) => {
      const options: AskOptions = { k: opts.k, from: opts.from, to: opts.to, sources: opts.source };
      await runAsk(archive, question, options, opts.json === true);
    });
  });

program
  .command('summarize')
  .alias('summary')
  .description('Summarise one article, or what the articles say about a topic')
  .addOption(new Option('--article <id>', 'article id or title (prefix and fuzzy matches work)').conflicts('topic'))
  .addOption(new Option('--topic <text>', 'a topic, e.g. "S-400 sanctions"').conflicts('article'))
  .option('--from <date>', 'topic: only articles on or after this date', isoDate)
  .option('--to <date>', 'topic: only articles on or before this date', isoDate)
  .option('--json', 'print JSON')
  .action(async (opts: { article?: string; topic?: string; from?: string; to?: string; json?: boolean }) => {
    if (!opts.article && !opts.topic) throw new InputError('Give --article ID or --topic "text".');
    await withArchive(async ({ archive }) => {
      const r = await archive.summarize(
        opts.article ? { kind: 'article', article: opts.article } : { kind: 'topic', topic: opts.topic!, from: opts.from, to: opts.to },
      );
      process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatSummary(r)}\n`);
    });
  });

program
  .command('chat')
  .description('Interactive chat over the index')
  .action(async () => {
    await withArchive(({ archive }) => runChat(archive));
  });

program
  .command('start')
  .description('Build the index if missing, then run the Discord bot (DISCORD_TOKEN set) or the local chat')
  .action(async () => {
    await runStart();
  });

program
  .command('deploy-commands')
  .description('Register the slash commands with Discord (for DISCORD_GUILD_ID, or globally)')
  .action(async () => {
    const { deployCommands, describeDeployment } = await import('../bot/deploy.ts');
    const { loadConfig } = await import('../config.ts');
    const result = await deployCommands(loadConfig());
    process.stdout.write(`${describeDeployment(result)}\n`);
  });

/**
 * `status --json`: always an object with `status` ("ok", "missing" or "damaged"), so a script reads one shape.
 * A healthy index adds the statistics' fields; the others say what is wrong and what to run.
 */
function statusJson(
  stats: () => ReturnType<import('../api.ts').Archive['stats']>,
  indexDir: string,
): { status: string } & Record<string, unknown> {
  try {
    const s = stats();
    if (s) return { status: 'ok', ...s };
    return { status: 'missing', indexDir, message: 'There is no index yet. Build it with `archivist index`.' };
  } catch (err) {
    if (!(err instanceof IndexDamagedError)) throw err;
    return { status: 'damaged', indexDir, problem: err.problem, message: err.message };
  }
}

// Whatever escapes (an error event nobody listens to, a rejected promise nobody awaits) is shown like any other
// error, through explain() and so the redactor, instead of Node printing the raw error with its stack.
const fatal = (err: unknown) => {
  const shown = explain(err, 'cli');
  process.stderr.write(`archivist: ${printableLines(shown.message)}\n`);
  if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) process.stderr.write(`${JSON.stringify(errorForLog(err), null, 2)}\n`);
  process.exit(shown.exitCode || 1);
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const shown = explain(err, 'cli');
  // Messages quote file names, ids and urls: their control characters are shown, never obeyed.
  process.stderr.write(`archivist: ${printableLines(shown.message)}\n`);
  // A bug's stack is for whoever debugs it, not for every user: only at LOG_LEVEL=debug or trace.
  if (!shown.expected && /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? ''))
    process.stderr.write(`${JSON.stringify(errorForLog(err), null, 2)}\n`);
  process.exitCode = shown.exitCode;
}
