// Starting worker threads whose code is TypeScript during development and JavaScript once built.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkerScript {
  /** The file a Worker (or piscina) starts. */
  filename: string;
  /** Must be part of the worker's workerData: the bootstrap reads `module` from it. */
  workerData: { module: string };
}

/**
 * The worker module `name` (without extension) beside the module at `from` (its import.meta.url), as a
 * script to start: directly when it is JavaScript, through the tsx bootstrap (ts-worker.mjs) when it is
 * TypeScript run by tsx or vitest.
 */
export function workerScript(from: string, name: string): WorkerScript {
  const ext = path.extname(fileURLToPath(from));
  const module = new URL(`./${name}${ext}`, from);
  if (ext !== '.ts') return { filename: fileURLToPath(module), workerData: { module: module.href } };
  return { filename: fileURLToPath(new URL('./ts-worker.mjs', import.meta.url)), workerData: { module: module.href } };
}
