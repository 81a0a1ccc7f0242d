// The first `perCategory` articles of each BBC News category (500 with the default), copied to a folder:
// the corpus the Discord bench serves and reindexes. Reads /work/shared/datasets (bench only).
import fs from 'node:fs';
import path from 'node:path';
import { datasetPath } from '../eval/env.ts';

export const BBC_CATEGORIES = ['business', 'entertainment', 'politics', 'sport', 'tech'] as const;

export function copyBbcSubset(dest: string, perCategory = 100): string {
  for (const category of BBC_CATEGORIES) {
    const from = datasetPath('bbc-news', 'bbc', category);
    const to = path.join(dest, category);
    fs.mkdirSync(to, { recursive: true });
    for (const file of fs.readdirSync(from).sort().slice(0, perCategory)) fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
  return dest;
}
