// `archivist ask`: one question, or one per line from standard input with `--json -`.
import readline from 'node:readline';
import type { Archive } from '../api.ts';
import { explain } from '../errors.ts';
import type { AskOptions, AskResult } from '../types.ts';
import { formatAnswer, forTerminal } from './format.ts';

/** The stable JSON shape other tools read (field names must not change; new ones may be added). */
export function askJson(r: AskResult) {
  return {
    question: r.question,
    answer: r.answer,
    refused: r.refused,
    answerer: r.answerer,
    ...(r.lead ? { lead: r.lead } : {}),
    ...(r.note ? { note: r.note } : {}),
    citations: r.citations.map((c) => ({
      n: c.n,
      articleId: c.articleId,
      title: c.title,
      outlet: c.outlet,
      date: c.date,
      url: c.url,
      chunkId: c.chunkId,
      quote: c.quote,
      score: c.score,
      // A model's citations are checked (unsupported ones never reach here); an extractive answer's sentence
      // is the passage's own text, which supports itself fully.
      supported: c.supported ?? true,
      support: c.support ?? 1,
    })),
    related: r.related,
    ...(r.model ? { model: r.model } : {}),
    timings: r.timings,
  };
}

export async function runAsk(archive: Archive, question: string, options: AskOptions, json: boolean): Promise<void> {
  if (question === '-') {
    // JSONL in, JSONL out; the model is loaded once for all lines. Output line N always answers input line N:
    // a line that fails (an empty one included) gets an object with `error` and `code` in its place.
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    let lines = 0;
    let failed = 0;
    for await (const line of rl) {
      lines++;
      try {
        const r = await archive.ask(line, options);
        process.stdout.write(`${JSON.stringify(json ? askJson(r) : { question: r.question, answer: formatAnswer(r) })}\n`);
      } catch (err) {
        failed++;
        const shown = explain(err, 'cli');
        process.stdout.write(`${JSON.stringify({ question: line, error: shown.message, code: shown.code })}\n`);
      }
    }
    if (lines > 0 && failed === lines) {
      process.stderr.write(`archivist: every question failed (${failed} of ${lines}); see the "error" field of each line\n`);
      process.exitCode = 1;
    }
    return;
  }
  const r = await archive.ask(question, options);
  process.stdout.write(json ? `${JSON.stringify(askJson(r), null, 2)}\n` : `${forTerminal(formatAnswer(r), process.stdout)}\n`);
}
