// Shared test helpers: temp folders, configs for them, the bundled articles, and running the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLED_ARTICLES = path.join(REPO_ROOT, 'index-data', 'articles');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const CLI = path.join(REPO_ROOT, 'bin', 'archivist.js');
export const REINDEX_CHILD = path.join(REPO_ROOT, 'test', 'helpers', 'reindex-child.ts');

/** The bundled article ids, in file order. */
export const BUNDLED_IDS = [
  '000_8d4bb348ff52936f',
  '001_05f4f7347207b6a5',
  '002_822fc6a2a02558ea',
  '003_0ecaf1dd4f595e33',
  '004_f2977d4efe649134',
] as const;

/** A fresh temp folder; removed again by `cleanup()` of the returned handle or by `TempDirs.removeAll`. */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(prefix = 'archivist-test-'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const d of this.dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  }
}

/** Copies a folder's regular files (not recursive) into `dest`, creating it. Returns `dest`. */
export function copyDir(src: string, dest: string): string {
  fs.mkdirSync(dest, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    if (e.isFile()) fs.copyFileSync(path.join(src, e.name), path.join(dest, e.name));
  }
  return dest;
}

/** Variables that configure archivist: stripped from inherited environments so a developer's .env or shell cannot leak in. */
const CONFIG_VARS =
  /^(ARTICLES_DIR|INDEX_DIR|SERVER_ARTICLES_DIR|ALLOWED_GUILD_IDS|MAX_ARTICLE_BYTES|EMBEDDER|MODEL_DIR|EMBED_BATCH_SIZE|EMBEDDING_.*|OPENAI_.*|ANSWERER|CHUNK_.*|RETRIEVAL_K|FUSION.*|MAX_CONTEXT_TOKENS|LLM_.*|LOG_LEVEL|DISCORD_.*|MODERATOR_ROLE_IDS|RATE_LIMIT_.*|URL_FETCH_.*)$/;

/** A Config for the given folders, read from `vars` only (no .env, no process environment). */
export function testConfig(vars: { articlesDir: string; indexDir: string } & Record<string, string>): Config {
  const { articlesDir, indexDir, ...rest } = vars;
  return loadConfig({ ARTICLES_DIR: articlesDir, INDEX_DIR: indexDir, LOG_LEVEL: 'silent', ...rest }, { dotenvPath: false });
}

/** The environment for a CLI child: the parent's, minus every archivist variable, plus `vars`. */
export function cliEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!CONFIG_VARS.test(k) && !k.startsWith('NODE_TEST')) env[k] = v;
  return { ...env, LOG_LEVEL: 'warn', ...vars };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Children started by `startCli`/`runCli`, killed by `killChildren` (call it in `after`). */
const children = new Set<ChildProcess>();

/**
 * Starts `node bin/archivist.js ...args` with `vars` as its archivist configuration. The working directory is
 * a folder with no .env, so nothing but `vars` configures it.
 */
export function startCli(
  args: string[],
  vars: Record<string, string>,
  cwd = os.tmpdir(),
): { child: ChildProcess; done: Promise<CliResult> } {
  return startNode([CLI, ...args], vars, cwd); // bin/archivist.js registers tsx itself
}

/** Starts a TypeScript script with node and tsx, with the environment of `cliEnv(vars)`. */
export function startScript(
  script: string,
  args: string[],
  vars: Record<string, string>,
): { child: ChildProcess; done: Promise<CliResult> } {
  return startNode(['--import', import.meta.resolve('tsx'), script, ...args], vars);
}

function startNode(args: string[], vars: Record<string, string>, cwd = os.tmpdir()): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, args, { cwd, env: cliEnv(vars), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function runCli(args: string[], vars: Record<string, string>): Promise<CliResult> {
  return startCli(args, vars).done;
}

/** Kills every child process a test started and has not seen exit. */
export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}

/** Resolves with the accumulated output once `pattern` appears on the child's stream; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const s = child[stream]!;
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        cleanup();
        resolve(seen);
      }
    };
    const onClose = (code: number | null) => {
      cleanup();
      reject(new Error(`process exited (code ${code}) before printing ${pattern}; it printed:\n${seen}`));
    };
    const cleanup = () => {
      s.off('data', onData);
      child.off('close', onClose);
    };
    s.on('data', onData);
    child.on('close', onClose);
  });
}

/** The pid of a process that has exited: a lock holder that is certainly gone. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((resolve) => child.on('close', resolve));
  return pid;
}
