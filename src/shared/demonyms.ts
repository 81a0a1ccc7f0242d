// Adjective forms of places (data/demonyms.json): "Turkish" ↔ Turkey, "American" ↔ America / US.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

let forms: Map<string, string[]> | null = null;
let places: Map<string, string[]> | null = null;

function load(): void {
  if (forms) return;
  const file = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'data', 'demonyms.json'), 'utf8')) as { forms: Record<string, string[]> };
  forms = new Map(Object.entries(file.forms));
  places = new Map();
  for (const [adjective, names] of forms) for (const n of names) places.set(n, [...(places.get(n) ?? []), adjective]);
}

/** The places an adjective names ("turkish" → ["turkey", "turkiye", "ankara"]); folded, lower case. */
export function placesOf(adjective: string): string[] {
  load();
  return forms!.get(adjective) ?? [];
}

/** The adjective forms of a place ("turkey" → ["turkish"]). */
export function adjectivesOf(place: string): string[] {
  load();
  return places!.get(place) ?? [];
}
