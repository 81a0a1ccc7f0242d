// Synthetic news articles for tests that need a corpus larger than the five bundled ones (a reindex that
// must still be embedding when it is killed). Deterministic: the same seed writes the same files, so a
// failure can be reproduced; no dataset beside the checkout is needed.
import fs from 'node:fs';
import path from 'node:path';

const CITIES = ['Ankara', 'Lisbon', 'Nairobi', 'Osaka', 'Quito', 'Tallinn', 'Dakar', 'Hanoi', 'Perth', 'Oslo', 'Lima', 'Accra'];
const SUBJECTS = [
  'The central bank',
  'The trade ministry',
  'A regional council',
  'The port authority',
  'The national airline',
  'A mining group',
];
const VERBS = ['announced', 'postponed', 'approved', 'criticised', 'expanded', 'reviewed', 'cancelled', 'defended'];
const OBJECTS = [
  'a new tariff plan',
  'the rail contract',
  'its annual budget',
  'the water reform',
  'a fishing agreement',
  'the housing scheme',
];
const DETAILS = [
  'Officials said the decision followed months of talks with unions and employers.',
  'Analysts expect prices to rise slowly over the coming quarter.',
  'Opposition lawmakers called for an inquiry into how the figures were prepared.',
  'Exports fell in the spring before recovering later in the year.',
  'The plan will be reviewed again after the next election.',
  'Local businesses welcomed the move but warned about rising costs.',
];

/** A small seeded generator (mulberry32): reproducible without a dependency. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `count` articles of about `paragraphs` paragraphs each into `dir` (synthetic-NNNN.txt); returns the paths. */
export function writeSyntheticArticles(dir: string, count: number, paragraphs = 8, seed = 1): string[] {
  const r = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(r() * items.length)]!;
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const city = pick(CITIES);
    const title = `${pick(SUBJECTS)} in ${city} ${pick(VERBS)} ${pick(OBJECTS)}`;
    const body = Array.from({ length: paragraphs }, (_, p) => {
      const figure = Math.floor(r() * 900) + 10;
      return [
        `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} on day ${p + 1} of the session in ${city}, article ${i}.`,
        `The amount involved was ${figure} million, according to figures published on ${2000 + (i % 20)}-0${(p % 9) + 1}-1${p % 9}.`,
        pick(DETAILS),
        pick(DETAILS),
      ].join(' ');
    });
    const file = path.join(dir, `synthetic-${String(i).padStart(4, '0')}.txt`);
    fs.writeFileSync(file, `${title}\n\n${body.join('\n\n')}\n`);
    files.push(file);
  }
  return files;
}
