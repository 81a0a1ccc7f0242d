// Questions for the latency bench: most are written from BBC headlines (so the corpus covers them),
// some are about things no 2004–2005 BBC article covers (so the refusal path is timed too).
import type { SourceInfo } from '../src/types.ts';

const TEMPLATES = [
  (h: string) => `What happened with "${h}"?`,
  (h: string) => `What do the articles say about ${h}?`,
  (h: string) => `Why is this in the news: ${h}?`,
];

/** Not in a 2004–2005 news corpus: later events, or not news at all. */
export const UNCOVERED = [
  'Who won the 2022 FIFA World Cup final in Qatar?',
  'What did the James Webb Space Telescope discover about early galaxies?',
  'How did the COVID-19 pandemic affect airline passenger numbers in 2020?',
  'What was the price of Bitcoin when it first passed 60,000 dollars?',
  'Who won the 2016 US presidential election?',
  'What is ChatGPT and who released it?',
  'What happened at the opening ceremony of the Tokyo 2020 Olympics?',
  'How much did a SpaceX Starship test flight cost?',
  'What did the 2023 IPCC synthesis report conclude?',
  'When did Giorgia Meloni become prime minister of Italy?',
  'What caused the 2011 Fukushima nuclear disaster?',
  'How did Brexit change customs checks at Dover after 2021?',
  'How do I feed a sourdough starter?',
  'How tall is the Burj Khalifa?',
  'How much did the Eras Tour gross?',
];

/** Warm-up questions: never among the measured ones, so they warm the model, not a cache. */
export const WARM_UP = [
  'What did the chancellor say about the economy?',
  'Which company reported higher profits?',
  'Who won the match at the weekend?',
  'What new mobile phone was launched?',
  'Which film won an award?',
];

/** `covered` headline questions spread evenly over the sources (sorted by id), then the uncovered ones. */
export function benchQuestions(sources: SourceInfo[], covered: number): { covered: string[]; uncovered: string[] } {
  const titled = sources.filter((s) => s.title && /\/\d+$/.test(s.id)).sort((a, b) => a.id.localeCompare(b.id));
  const step = titled.length / covered;
  const picked = Array.from({ length: Math.min(covered, titled.length) }, (_, i) => titled[Math.floor(i * step)]!);
  return { covered: picked.map((s, i) => TEMPLATES[i % TEMPLATES.length]!(s.title!)), uncovered: UNCOVERED };
}
