// TEST DOUBLE — the embedding pool's worker for tests (embed/pool.ts runs it in a worker thread): deterministic
// vectors from the words of each text, no model. Every embed task blocks its thread (Atomics.wait) while the
// shared gate is closed, as a slow model would, so a test can hold an embedding mid-way for as long as it
// needs, with no timing involved. Counters in the gate say how many tasks started and finished.
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import { LOCAL_MODEL_DIMENSION, LOCAL_MODEL_NAME } from '../../src/embed/model-files.ts';
import type { EmbedTask, InitResult } from '../../src/embed/embed-worker.ts';
import { GATE } from './gate.ts';

const gate = new Int32Array((workerData as { gate: SharedArrayBuffer }).gate);

/** A unit vector from the text's words: texts sharing words are close, as with a real model. */
function vectorOf(text: string): Float32Array {
  const v = new Float32Array(LOCAL_MODEL_DIMENSION);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % v.length]! += 1;
  }
  v[0]! += 0.01; // never all zeros
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export default function run(task: EmbedTask): InitResult | Float32Array {
  // It says it is the bundled model, so an index built with it opens under the default configuration.
  if (task.kind === 'init')
    return { info: { provider: 'local', model: LOCAL_MODEL_NAME, dimension: LOCAL_MODEL_DIMENSION }, heapUsedBytes: 0 };
  Atomics.add(gate, GATE.started, 1);
  Atomics.notify(gate, GATE.started);
  while (Atomics.load(gate, GATE.open) === 0) Atomics.wait(gate, GATE.open, 0);
  const flat = new Float32Array(task.texts.length * LOCAL_MODEL_DIMENSION);
  for (const [i, t] of task.texts.entries()) flat.set(vectorOf(t), i * LOCAL_MODEL_DIMENSION);
  Atomics.add(gate, GATE.finished, 1);
  Atomics.notify(gate, GATE.finished);
  return move(flat) as Float32Array;
}
