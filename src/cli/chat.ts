// The interactive local chat: questions with follow-ups, plus a few slash commands.
import readline from 'node:readline/promises';
import type { Archive } from '../api.ts';
import { explain } from '../errors.ts';
import { printable, printableLines } from '../format/printable.ts';
import { formatAnswer, formatSourceList, formatStats, formatSummary, forTerminal } from './format.ts';
import { TerminalDraft } from './draft.ts';

const HELP = `Ask anything about the articles; follow-up questions are read with the one before.
  /sources            list the indexed articles
  /summary <id|title> summarise one article
  /topic <text>       summarise what the articles say about a topic
  /status             what is indexed
  /new                forget the conversation so far
  /quit               leave (or Ctrl-D)`;

export interface ChatOptions {
  /** Show a model's answer as it is written (default: when the output is a terminal). */
  stream?: boolean;
}

export async function runChat(
  archive: Archive,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  options: ChatOptions = {},
): Promise<void> {
  const streaming = options.stream ?? Boolean((output as NodeJS.WriteStream).isTTY);
  /** A draft for one answer: shown as it grows, then replaced by the checked answer. */
  const draft = () => (streaming ? new TerminalDraft(output) : null);
  const rl = readline.createInterface({ input, output, terminal: (input as NodeJS.ReadStream).isTTY ?? false });
  const say = (s: string) => output.write(`${s}\n`);
  let state: string;
  try {
    const stats = archive.stats();
    state = stats ? `${stats.articles} articles indexed` : 'no index';
  } catch (err) {
    // A damaged index is said at once, with its repair; /status and questions say it again.
    state = printableLines(explain(err, 'cli').message);
  }
  say(`Archivist — ${state}. Type /help for commands, /quit to leave.`);
  let history: string[] = [];
  rl.setPrompt('\nyou> ');
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    try {
      if (!line) {
        // nothing
      } else if (line === '/quit' || line === '/exit') {
        break;
      } else if (line === '/help') {
        say(HELP);
      } else if (line === '/new') {
        history = [];
        say('New conversation.');
      } else if (line === '/sources') {
        say(formatSourceList(archive.listSources()));
      } else if (line === '/status') {
        say(formatStats(archive.stats()));
      } else if (line.startsWith('/summary ') || line.startsWith('/topic ')) {
        const target = line.startsWith('/summary ')
          ? { kind: 'article' as const, article: line.slice(9).trim() }
          : { kind: 'topic' as const, topic: line.slice(7).trim() };
        const d = draft();
        const r = await archive.summarize(target, d ? { onPartial: d.update } : {}).finally(() => d?.finish());
        say(formatSummary(r));
      } else if (line.startsWith('/')) {
        say(`Unknown command ${printable(line.split(' ')[0] ?? '')}. ${HELP}`);
      } else {
        const d = draft();
        const r = await archive.ask(line, { history, ...(d ? { onPartial: d.update } : {}) }).finally(() => d?.finish());
        history = [...history, line].slice(-5);
        say(`\n${forTerminal(formatAnswer(r), output)}`);
      }
    } catch (err) {
      say(`Error: ${printableLines(explain(err, 'cli').message)}`);
    }
    rl.prompt();
  }
  rl.close();
}
