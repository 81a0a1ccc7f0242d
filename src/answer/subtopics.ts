// Points of a topic summary grouped by what they are about: the name several of them share ("Cavusoglu",
// "NATO", "Nagorno-Karabakh") and the topic itself does not. A name most points or most of the retrieved
// passages mention ("Turkey" in a corpus about Turkey) says nothing about how they differ, and a group
// needs two points; what no group takes comes last, under "Also".
import { foldForMatch, STOPWORDS } from '../shared/text.ts';

export interface Subtopic<T> {
  /** The shared name, as the points write it; null for the points no group took (or when nothing groups). */
  heading: string | null;
  points: T[];
}

/** Fewer points than this are listed without headings. */
const MIN_POINTS = 4;
/** A name in more than this share of the points, or of the passages around them, is common ground. */
const MAX_SHARE = 0.6;

// Capitalised at the start of a sentence or a quote, not because they name something.
const OPENERS = new Set(
  'a an the this that these those in on at for but and or if as by with from to of after before during while when where he she it they we i our his her its their regarding according both also however meanwhile asked reminding separately additionally although despite elsewhere'.split(
    ' ',
  ),
);

/** Names in a sentence, each keyed by its folded last word ("Mevlüt Çavuşoğlu" → "cavusoglu"). */
export function namesOf(sentence: string): Map<string, string> {
  const out = new Map<string, string>();
  // Punctuation is kept as tokens so that it ends a name: "Libya, Cavusoglu said" holds two.
  const words = sentence.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*|[^\s\p{L}\p{N}]/gu) ?? [];
  let run: string[] = [];
  const flush = () => {
    const name = run.join(' ');
    run = [];
    if (!name) return;
    const last = name
      .split(' ')
      .at(-1)!
      .replace(/[’']s$/, '');
    const key = foldForMatch(last);
    if (key.length > 1 && !STOPWORDS.has(key) && !out.has(key)) out.set(key, last);
  };
  for (const w of words) {
    const bare = w.replace(/[’']s$/, '');
    if (/^\p{Lu}/u.test(bare) && !OPENERS.has(bare.toLowerCase())) run.push(bare);
    else flush();
  }
  flush();
  return out;
}

/** The points in groups, best group first (by its best point), each group's points in the order given. */
export function groupBySubtopic<T extends { text: string }>(points: T[], topic: string, background: string[] = []): Array<Subtopic<T>> {
  if (points.length < MIN_POINTS) return [{ heading: null, points }];
  const topicWords = new Set(foldForMatch(topic).match(/[\p{L}\p{N}-]+/gu) ?? []);
  const names = points.map((p) => namesOf(p.text));
  const spelled = new Map<string, string>();
  const holders = new Map<string, number[]>();
  names.forEach((m, i) => {
    for (const [key, surface] of m) {
      if (topicWords.has(key)) continue;
      spelled.set(key, spelled.get(key) ?? surface);
      holders.set(key, [...(holders.get(key) ?? []), i]);
    }
  });
  const folded = background.map(foldForMatch);
  const common = (key: string) => folded.length > 0 && folded.filter((t) => t.includes(key)).length > folded.length * MAX_SHARE;
  for (const [key, at] of holders) if (at.length > points.length * MAX_SHARE || common(key)) holders.delete(key);

  const taken = new Set<number>();
  const groups: Array<{ heading: string | null; at: number[] }> = [];
  for (;;) {
    let best: { key: string; at: number[] } | null = null;
    for (const [key, at] of holders) {
      const free = at.filter((i) => !taken.has(i));
      // Most points first; among equals, the group whose best point ranks higher.
      if (free.length >= 2 && (!best || free.length > best.at.length || (free.length === best.at.length && free[0]! < best.at[0]!))) {
        best = { key, at: free };
      }
    }
    if (!best) break;
    for (const i of best.at) taken.add(i);
    groups.push({ heading: spelled.get(best.key)!, at: best.at });
  }
  if (groups.length === 0) return [{ heading: null, points }];
  const rest = points.map((_, i) => i).filter((i) => !taken.has(i));
  const ordered = groups.sort((a, b) => a.at[0]! - b.at[0]!);
  if (rest.length) ordered.push({ heading: null, at: rest });
  return ordered.map((g) => ({ heading: g.heading, points: g.at.map((i) => points[i]!) }));
}
