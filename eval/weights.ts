// Writing a fit's result into data/answer-weights.json, for every eval/fit-*.ts: each rewrites only its own
// keys and its record under `fitted`, re-reading the file just before (another fit may have rewritten its
// keys meanwhile) and replacing it atomically (a fit stopped midway leaves the file as it was).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type AnswerWeights, WEIGHTS_FILE } from '../src/answer/model.ts';
import { load1 } from './env.ts';

/**
 * Applies `update` to the current weights and files `record` under `fitted[key]`, with the date, the
 * minutes since `startedAt` (a `performance.now()` reading) and the machine's load.
 */
export function writeWeights(
  key: string,
  record: Record<string, unknown>,
  startedAt: number,
  update: (current: AnswerWeights) => Partial<Omit<AnswerWeights, 'fitted'>>,
): void {
  const current = JSON.parse(fs.readFileSync(WEIGHTS_FILE, 'utf8')) as AnswerWeights;
  const next: AnswerWeights = {
    ...current,
    ...update(current),
    fitted: {
      ...current.fitted,
      [key]: {
        date: new Date().toISOString().slice(0, 10),
        ...record,
        minutes: Number(((performance.now() - startedAt) / 60_000).toFixed(2)),
        load1: load1(),
      },
    },
  };
  const tmp = `${WEIGHTS_FILE}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(next, null, 1)}\n`);
  fs.renameSync(tmp, WEIGHTS_FILE);
  console.log(`wrote ${WEIGHTS_FILE}`);
}
