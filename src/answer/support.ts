// THE definition of "a passage supports a sentence", for the extractive answerer (which passages may be
// cited for a sentence) and for checking a language model's answers.
//
// A passage supports a sentence when
//   1. every fact the sentence states is in the passage: its names (proper nouns, with alias and adjective
//      spellings: "Sergei" = "Sergey", "Turkish" = Turkey), its numbers ("5.6", "13", "two dozen" = 24) and
//      its dates (years, month names); one differing name or figure is enough to refuse, so a near-copy of a
//      wire story that changes a name or a number never supports the original; and
//   2. the passage covers the rest of the sentence well enough: the share of the sentence's content words
//      (stemmed) found in the passage, averaged with the embedding similarity of the sentence to the
//      passage's closest sentence when vectors are given, reaches `supportThreshold()`.
//
//   checkSupport("Lavrov met Fidan on March 1.", passageText)  →  { supported, score, missing }
import { queryTerms } from '../retrieve/terms.ts';
import { foldForMatch, STOPWORDS, stem, tokenize } from '../shared/text.ts';
import { splitSentences } from '../chunk/sentences.ts';
import { cosine } from '../shared/vector.ts';
import { adjectivesOf, placesOf } from '../shared/demonyms.ts';
import { answerWeights } from './model.ts';
import { type ParsedSentence, parseSentence } from './spans.ts';
import { isYear } from '../shared/years.ts';

/** The outcome of a support check. */
export interface Support {
  /** All facts present and `score` at least the threshold. */
  supported: boolean;
  /** Lexical coverage (or its mean with the embedding similarity), in [0, 1]. */
  score: number;
  /** Facts of the sentence (names, numbers, dates, as written) that the passage does not state. */
  missing: string[];
}

/** The facts a sentence states, as written in it. */
export interface Facts {
  names: string[];
  numbers: string[];
  dates: string[];
}

export interface SupportOptions {
  /** Embeddings of the sentence and of each sentence of the passage (unit length), when the caller has them. */
  vectors?: { sentence: Float32Array; passageSentences: Float32Array[] };
  /** Overrides `supportThreshold()`. */
  threshold?: number;
  /** The sentence parsed already (saves a parse). */
  parsed?: ParsedSentence;
}

/**
 * The support score a passage must reach, from data/answer-weights.json: 0.76 refuses 97% of SQuAD's near misses
 * (a gold sentence against the most similar paragraph of another section of its article, when that paragraph
 * states all of the sentence's facts; eval/fit-support.ts measures it) and every hand-labelled one of
 * test/fixtures/support-claims.json.
 */
export function supportThreshold(): number {
  return answerWeights().thresholds.support;
}

const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  dozen: '12',
  hundred: '100',
  thousand: '1000',
};
const MONTH = /^(january|february|march|april|may|june|july|august|september|october|november|december)$/;
// Capitalised at a sentence start or as titles without naming a fact that could differ.
const NOT_FACTS = new Set([...STOPWORDS, 'mr', 'mrs', 'ms', 'dr', 'president', 'minister', 'foreign', 'prime', 'sir']);

/** A number as compared: "1,000" → "1000", "two" → "2", "5.60" → "5.6". */
function numberKey(token: string): string | null {
  const t = token.toLowerCase().replace(/,/g, '');
  if (/^\d+(?:\.\d+)?$/.test(t)) return String(Number(t));
  if (/^\d/.test(t)) return t; // "1-2", "10th", "$2.5bn": compared as written
  return NUMBER_WORDS[t] ?? null;
}

/** Names, numbers and dates of a sentence, found with the span parser's part-of-speech tags. */
export function sentenceFacts(sentence: string, parsed: ParsedSentence = parseSentence(sentence)): Facts {
  const names: string[] = [];
  const numbers: string[] = [];
  const dates: string[] = [];
  parsed.tokens.forEach((t, i) => {
    const lower = foldForMatch(t.text);
    if (MONTH.test(lower) || isYear(lower)) dates.push(t.text);
    else if (t.pos === 'NUM' || /^\d/.test(t.text)) {
      if (numberKey(t.text) !== null) numbers.push(t.text);
    } else if (
      (t.pos === 'PROPN' || (/^\p{Lu}/u.test(t.text) && i > 0)) &&
      !NOT_FACTS.has(lower) &&
      // "S-400" names a thing as much as "Sputnik" does.
      (/\p{L}{2}/u.test(t.text) || /\p{L}-?\d/u.test(t.text))
    ) {
      names.push(t.text.replace(/['’]s?$/, ''));
    }
  });
  return { names: [...new Set(names)], numbers: [...new Set(numbers)], dates: [...new Set(dates)] };
}

/**
 * Capitals stand for their governments in retrieval's aliases ("Moscow" finds Russia), but a sentence naming
 * the city says where something happened: "a press conference in Ankara" is not supported by one in Sochi
 * between Turkish and Russian ministers. The passage must name the city itself.
 */
const CITY_NAMES = new Set(['moscow', 'ankara', 'washington', 'kremlin', 'white house', 'beijing', 'kyiv', 'kiev', 'london', 'paris']);

/** The folded spellings under which a name may appear: itself, its aliases, adjective and place forms. */
function spellings(name: string): string[] {
  const f = foldForMatch(name);
  if (CITY_NAMES.has(f)) return [f, ...(f === 'kyiv' || f === 'kiev' ? ['kyiv', 'kiev'] : [])];
  const out = new Set([f, ...adjectivesOf(f), ...placesOf(f)]);
  for (const t of queryTerms(name)) for (const v of t.variants) out.add(v);
  return [...out];
}

interface PassageIndex {
  raw: string;
  folded: string;
  tokens: Set<string>;
  stems: Set<string>;
  numbers: Set<string>;
}

function indexPassage(passage: string): PassageIndex {
  const tokens = tokenize(passage);
  const numbers = new Set<string>();
  for (const t of tokens) {
    const k = numberKey(t);
    if (k !== null) numbers.add(k);
  }
  // "$2.5bn", "11.2%": the figure inside.
  for (const m of passage.matchAll(/\d[\d,]*(?:\.\d+)?/g)) numbers.add(numberKey(m[0])!);
  return { raw: passage, folded: foldForMatch(passage), tokens: new Set(tokens), stems: new Set(tokens.map(stem)), numbers };
}

function hasName(index: PassageIndex, written: string): boolean {
  // "Nov." is the word "Nov" as the passage's tokens hold it.
  const name = written.replace(/\.+$/, '');
  const own = foldForMatch(name);
  const acronym = /^\p{Lu}{2,3}$/u.test(name);
  // A part of a hyphenated name ("Nagorno" of "Nagorno-Karabakh") is stated by the whole.
  if (/^[\p{L}\p{N}]+$/u.test(own) && new RegExp(`(^|[^\\p{L}\\p{N}])${own}-|-${own}($|[^\\p{L}\\p{N}])`, 'u').test(index.folded))
    return true;
  return spellings(name).some((s) =>
    // "US", "UN" are also ordinary words once folded ("asked us to leave"): an acronym (or a short alias of
    // a longer name) counts only in capitals. "Xi" written as a name is matched as a word.
    /^[a-z]{2,3}$/.test(s) && (acronym || s !== own)
      ? new RegExp(`\\b${s.toUpperCase()}\\b`).test(index.raw)
      : s.includes(' ') || s.includes('-')
        ? index.folded.includes(s)
        : index.tokens.has(s) || index.tokens.has(`${s}'s`) || index.tokens.has(`${s}’s`),
  );
}

function hasNumber(index: PassageIndex, token: string): boolean {
  const k = numberKey(token);
  if (k === null) return true;
  if (index.numbers.has(k)) return true;
  // "1-2" against "1–2"; "10th" against "10th".
  return index.folded.includes(token.toLowerCase());
}

const NEGATION = /\b(?:not|no|never|without|neither|nor|cannot)\b|n[’']t\b/i;

/**
 * The sentence says the opposite of the passage sentence it restates: one is negated and the other not
 * ("would not be deterred" / "would be deterred"). Only against a passage sentence holding most of the
 * sentence's content words, where the negation is what differs.
 */
function contradicts(sentence: string, passage: string): boolean {
  const words = new Set(
    tokenize(sentence)
      .filter((t) => !STOPWORDS.has(t))
      .map(stem),
  );
  if (words.size === 0) return false;
  let best = { share: 0, text: '' };
  for (const { text: s } of splitSentences(passage)) {
    const share =
      new Set(
        tokenize(s)
          .map(stem)
          .filter((t) => words.has(t)),
      ).size / words.size;
    if (share > best.share) best = { share, text: s };
  }
  return best.share >= 0.6 && NEGATION.test(sentence) !== NEGATION.test(best.text);
}

/** Facts of the sentence missing from the passage ("not" when the passage states the opposite). */
export function missingFacts(sentence: string, passage: string, parsed?: ParsedSentence): string[] {
  const facts = sentenceFacts(sentence, parsed);
  const index = indexPassage(passage);
  // A name of several words ("United States") may be stated by an alias of the whole ("US").
  const phrases = [...sentence.matchAll(/\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)+/gu)]
    .map((m) => m[0])
    .filter((p) => hasName(index, p));
  const inStatedPhrase = (n: string) => phrases.some((p) => p.split(/\s+/).includes(n));
  return [
    ...facts.names.filter((n) => !hasName(index, n) && !inStatedPhrase(n)),
    ...facts.numbers.filter((n) => !hasNumber(index, n)),
    ...facts.dates.filter((d) => !index.tokens.has(foldForMatch(d))),
    ...(contradicts(sentence, passage) ? ['not'] : []),
  ];
}

/** Whether (and how well) a passage supports a sentence: see the top of this file. */
export function checkSupport(sentence: string, passage: string, options: SupportOptions = {}): Support {
  const index = indexPassage(passage);
  const missing = missingFacts(sentence, passage, options.parsed);
  const content = [...new Set(tokenize(sentence).filter((t) => !STOPWORDS.has(t) && t.length > 1))];
  const lexical = content.length ? content.filter((t) => index.tokens.has(t) || index.stems.has(stem(t))).length / content.length : 1;
  let score = lexical;
  if (options.vectors?.passageSentences.length) {
    const best = Math.max(...options.vectors.passageSentences.map((v) => cosine(options.vectors!.sentence, v)));
    score = (lexical + Math.max(0, best)) / 2;
  }
  const threshold = options.threshold ?? supportThreshold();
  return { supported: missing.length === 0 && score >= threshold, score: Number(score.toFixed(4)), missing };
}
