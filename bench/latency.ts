// Per-question latency, one question at a time and several at once. In the concurrent runs each
// question's latency runs from the moment all of its wave were started to its own answer, which is
// what a user waiting behind seven others would see.
import { performance } from 'node:perf_hooks';
import { Progress } from '../eval/progress.ts';

export type Task = (question: string) => Promise<unknown>;

export async function sequential(questions: string[], task: Task, label: string): Promise<number[]> {
  const bar = new Progress(label, questions.length);
  const out: number[] = [];
  for (const q of questions) {
    const t0 = performance.now();
    await task(q);
    out.push(performance.now() - t0);
    bar.tick(out.length);
  }
  return out;
}

/** Waves of `width` questions started together with Promise.all; the next wave starts when one is done. */
export async function concurrent(
  questions: string[],
  task: Task,
  width: number,
  label: string,
): Promise<{ latencies: number[]; wallMs: number }> {
  const bar = new Progress(label, questions.length);
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < questions.length; i += width) {
    const wave = questions.slice(i, i + width);
    const start = performance.now();
    const times = await Promise.all(
      wave.map(async (q) => {
        await task(q);
        return performance.now() - start;
      }),
    );
    latencies.push(...times);
    bar.tick(latencies.length);
  }
  return { latencies, wallMs: performance.now() - t0 };
}
