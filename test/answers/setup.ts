// Builds one index of the bundled articles in a temp folder for the answering tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Archive } from '../../src/api.ts';
import { openArchive } from '../../src/archive.ts';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/config.ts';
import { chunkLookup } from './integrity.ts';

export interface Built {
  archive: Archive;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

export async function buildBundledIndex(env: Record<string, string> = {}): Promise<Built> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archivist-answers-'));
  const config = loadConfig(
    {
      INDEX_DIR: path.join(dir, 'index'),
      ARTICLES_DIR: path.join(PROJECT_ROOT, 'index-data', 'articles'),
      LOG_LEVEL: 'silent',
      // Every ask computed afresh: these tests ask the same question under different conditions.
      ASK_CACHE_SECONDS: '0',
      ...env,
    },
    { dotenvPath: false },
  );
  const archive = await openArchive(config);
  await archive.reindex();
  return {
    archive,
    config,
    dir,
    async close() {
      await archive.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The bundled index for the tests of one file or describe block: built before them, removed after, with a
 * lookup of its chunks for the citation checks (integrity.ts).
 */
export function useBundledIndex(): { readonly built: Built; readonly lookup: ReturnType<typeof chunkLookup> } {
  let built: Built | undefined;
  let lookup: ReturnType<typeof chunkLookup> | undefined;
  beforeAll(async () => {
    built = await buildBundledIndex();
    lookup = chunkLookup(built.config.indexDir);
  });
  afterAll(() => built?.close());
  return {
    get built() {
      return built!;
    },
    get lookup() {
      return lookup!;
    },
  };
}
