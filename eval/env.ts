// Where the eval and bench find the repository and the shared datasets, and how they build a Config
// that cannot be changed by the developer's .env or shell (an OPENAI_API_KEY there would switch the answerer).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/config.ts';
import type { Embedder } from '../src/embed/embedder.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A dataset under /work/shared/datasets, read in place (never copied into the repository). */
export function datasetPath(...parts: string[]): string {
  return path.resolve(REPO_ROOT, '../shared/datasets', ...parts);
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `archivist-${prefix}-`));
}

/**
 * The local embedder and the extractive answerer, whatever the environment says, so that figures
 * measured on two machines describe the same thing. Only MODEL_DIR and the chunking/retrieval knobs
 * pass through: they are what one would vary on purpose.
 */
export function measuredConfig(articlesDir: string, indexDir: string, overrides: Record<string, string> = {}): Config {
  const passThrough = ['MODEL_DIR', 'EMBED_BATCH_SIZE', 'CHUNK_WORDS', 'CHUNK_OVERLAP_SENTENCES', 'RETRIEVAL_K', 'FUSION', 'FUSION_ALPHA'];
  const env: Record<string, string> = {};
  for (const key of passThrough) {
    const v = process.env[key];
    if (v !== undefined && v !== '') env[key] = v;
  }
  return loadConfig(
    {
      ...env,
      ...overrides,
      ARTICLES_DIR: articlesDir,
      INDEX_DIR: indexDir,
      EMBEDDER: 'local',
      // `--answerer llm` asks for the model on purpose (eval/model.ts); nothing else switches it.
      ANSWERER: overrides.ANSWERER ?? 'extractive',
      LOG_LEVEL: 'silent',
    },
    { dotenvPath: false },
  );
}

/**
 * The same embedder under an Archive that must not unload it: `archive.close()` closes its embedder,
 * and several archives (fresh answer caches) share one loaded model here.
 */
export function sharedEmbedder(embedder: Embedder): Embedder {
  return { init: () => embedder.init(), embed: (texts) => embedder.embed(texts), close: async () => {} };
}

/** 1-minute load average: other work on a 2-core machine shows up in every timing, so it is recorded. */
export function load1(): number {
  return Number(os.loadavg()[0]!.toFixed(2));
}

export function machine(): { cpus: number; cpuModel: string; node: string; platform: string; totalMemGB: number } {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemGB: Math.round(os.totalmem() / 1024 ** 3),
  };
}

/** The commit measured, and whether src/ had uncommitted changes: src/ moves while others work on it. */
export function revision(): { commit: string; srcDirty: boolean } {
  const git = (...a: string[]) => execFileSync('git', a, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), srcDirty: git('status', '--porcelain', '--', 'src').length > 0 };
  } catch {
    return { commit: 'unknown', srcDirty: false };
  }
}

/** Writes a run's machine-readable results to `<dir>/results/latest.json` (git-ignored). */
export function writeResults(dir: 'eval' | 'bench', data: Record<string, unknown>): string {
  const out = path.join(REPO_ROOT, dir, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  return out;
}

/** Runs a script's main(), printing a failure and setting exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  });
}
