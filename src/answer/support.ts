// THE definition of "a passage supports a sentence", for checking a chat model's claims (and for the
// extractive answerer, which shares it). A passage supports a sentence when
//   1. every fact the sentence states is in the passage: its names (proper nouns, with alias spellings
//      from data/aliases.json and adjective forms: "Turkish" ~ "Turkey"), its numbers ("5.6", "1,000",
//      "two" = 2) and its dates (years, month names). One name, figure or date the passage does not state
//      is enough to refuse: "sanctions imposed on 12 December" is not supported by "on 14 December"; and
//   2. the passage covers the rest of the sentence well enough: the share of the sentence's content words
//      (stemmed) found in the passage, averaged with the embedding similarity of the sentence to the
//      passage's closest sentence when vectors are given, reaches SUPPORT_THRESHOLD.
//
//   checkSupport("Lavrov met Fidan on March 1.", passageText)  →  { supported, score, missing }
//
// INTERIM (branch llm): written to the API of the version being built on branch answers-core, which is
// to replace this file whole (its names, numbers and dates from the same POS tagger, its threshold fitted on
// SQuAD). Until then this is the one definition both answerers use.
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { queryTerms } from '../retrieve/terms.ts';
import { foldForMatch, STOPWORDS, stem, tokenize } from '../shared/text.ts';
import { cosine } from '../shared/vector.ts';

export interface Support {
  /** All facts present and `score` at least the threshold. */
  supported: boolean;
  /** Lexical coverage (or its mean with the embedding similarity), in [0, 1]. */
  score: number;
  /** Facts of the sentence (names, numbers, dates, as written) that the passage does not state. */
  missing: string[];
}

export interface Facts {
  names: string[];
  numbers: string[];
  dates: string[];
}

export interface SupportOptions {
  /** Embeddings of the sentence and of each sentence of the passage (unit length), when the caller has them. */
  vectors?: { sentence: Float32Array; passageSentences: Float32Array[] };
  threshold?: number;
}

/**
 * Calibrated on test/fixtures/support-claims.json (claims about the bundled articles, each labelled
 * supported or not by its passage: close paraphrases, compressions, and near misses that change an actor,
 * a claim or a figure), with the local embedder: the midpoint between the lowest supported score and the
 * highest unsupported one whose facts are all present (test/answers/support.test.ts holds it there).
 */
export const SUPPORT_THRESHOLD = 0.76;

export function supportThreshold(): number {
  return SUPPORT_THRESHOLD;
}

let engine: WinkMethods | null = null;
/** Loading the tagger's model takes ~100 ms: only when the first claim is checked. */
const nlp = (): WinkMethods => (engine ??= winkNLP(model));

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
// Capitalised as titles or at a sentence start without naming a fact that could differ.
const NOT_FACTS = new Set([...STOPWORDS, 'mr', 'mrs', 'ms', 'dr', 'president', 'minister', 'foreign', 'prime', 'sir', 'said']);

/** A number as compared: "1,000" → "1000", "two" → "2", "5.60" → "5.6"; null for a word that is no number. */
function numberKey(token: string): string | null {
  const t = token.toLowerCase().replace(/,/g, '');
  if (/^\d+(?:\.\d+)?$/.test(t)) return String(Number(t));
  if (/^\d/.test(t)) return t;
  return NUMBER_WORDS[t] ?? null;
}

/** Names, numbers and dates of a sentence, from the POS tagger (wink-nlp) and capitalisation. */
export function sentenceFacts(sentence: string): Facts {
  const doc = nlp().readDoc(sentence);
  const its = nlp().its;
  const words = doc.tokens().out(its.value) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const names: string[] = [];
  const numbers: string[] = [];
  const dates: string[] = [];
  // Consecutive name words make one name ("United States", "Mike Pompeo"), checked as a whole first.
  let run: string[] = [];
  const flush = () => {
    if (run.length) names.push(run.join(' '));
    run = [];
  };
  words.forEach((w, i) => {
    const lower = foldForMatch(w);
    const isName =
      (tags[i] === 'PROPN' || (/^\p{Lu}/u.test(w) && i > 0) || /\p{L}-\d/u.test(w)) &&
      // "US", "UN": acronyms are names even when their folded form is a stop word.
      (!NOT_FACTS.has(lower) || /^\p{Lu}{2,}$/u.test(w)) &&
      !MONTH.test(lower) &&
      /\p{L}{2}|\p{L}-\d/u.test(w);
    if (isName) {
      run.push(w.replace(/['’]s?$/, ''));
      if (/['’]s?$/.test(w)) flush(); // a possessive ends the name
      return;
    }
    flush();
    if (MONTH.test(lower) || /^(1[5-9]|20)\d\d$/.test(lower)) dates.push(w);
    else if ((tags[i] === 'NUM' || /^\d/.test(w)) && numberKey(w) !== null) numbers.push(w);
  });
  flush();
  return { names: [...new Set(names)], numbers: [...new Set(numbers)], dates: [...new Set(dates)] };
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
  // "$2.5bn", "11.2%", "S-400": the figures inside.
  for (const m of passage.matchAll(/\d[\d,]*(?:\.\d+)?/g)) numbers.add(numberKey(m[0])!);
  return { raw: passage, folded: foldForMatch(passage), tokens: new Set(tokens), stems: new Set(tokens.map(stem)), numbers };
}

/** "Turkish" ~ "Turkey", "Russian" ~ "Russia": a shared start of 4+ letters with short, different endings. */
function sameRoot(a: string, b: string): boolean {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k >= 4 && a.length - k <= 3 && b.length - k <= 3;
}

/**
 * Capitals stand for their governments in retrieval's aliases ("Moscow" finds Russia), but a claim naming
 * the city says where something happened: the passage must name the city itself.
 */
const PLACES_NOT_ALIASES = new Set(['moscow', 'ankara', 'washington', 'kremlin', 'white house']);

/** The name (one word or several) under its own spelling, an alias, or an adjective form. */
function hasOneName(index: PassageIndex, name: string): boolean {
  const folded = foldForMatch(name);
  const spellings = new Set([folded]);
  if (!PLACES_NOT_ALIASES.has(folded)) for (const t of queryTerms(name)) for (const v of t.variants) spellings.add(v);
  for (const s of spellings) {
    // "US", "UN" are also ordinary words once folded ("ask us to leave"): short forms count in capitals only.
    if (/^[a-z]{2,3}$/.test(s)) {
      if (new RegExp(`\\b${s.toUpperCase()}\\b`).test(index.raw)) return true;
      continue;
    }
    if (/[\s.]/.test(s) ? index.folded.includes(s) : index.tokens.has(s)) return true;
    if (!/[\s.-]/.test(s) && [...index.tokens].some((t) => sameRoot(s, t.replace(/['’]s$/, '')))) return true;
  }
  return false;
}

/** A name of several words is stated when the passage has it whole (or an alias), or each of its words. */
function hasName(index: PassageIndex, name: string): boolean {
  if (hasOneName(index, name)) return true;
  const words = name.split(' ');
  return words.length > 1 && words.every((w) => hasOneName(index, w));
}

function hasNumber(index: PassageIndex, token: string): boolean {
  const k = numberKey(token);
  return k === null || index.numbers.has(k) || index.folded.includes(token.toLowerCase());
}

const NEGATION = /\b(?:not|no|never|without|neither|nor|cannot)\b|n[’']t\b/i;

/**
 * The claim says the opposite of the passage sentence it restates: one of the two is negated and the
 * other not ("would not be deterred" / "would be deterred"). Only for a sentence sharing most of the
 * claim's content words, where the negation is what differs.
 */
function contradicts(sentence: string, passage: string): boolean {
  const words = new Set(
    tokenize(sentence)
      .filter((t) => !STOPWORDS.has(t))
      .map(stem),
  );
  if (words.size === 0) return false;
  let best = { share: 0, text: '' };
  for (const s of passage.split(/(?<=[.!?”"])\s+/)) {
    const share = tokenize(s).filter((t) => words.has(stem(t))).length / words.size;
    if (share > best.share) best = { share, text: s };
  }
  return best.share >= 0.6 && NEGATION.test(sentence) !== NEGATION.test(best.text);
}

/** Facts of the sentence that the passage does not state (and "not" when it states the opposite). */
export function missingFacts(sentence: string, passage: string): string[] {
  const facts = sentenceFacts(sentence);
  const index = indexPassage(passage);
  return [
    ...facts.names.filter((n) => !hasName(index, n)),
    ...facts.numbers.filter((n) => !hasNumber(index, n)),
    ...facts.dates.filter((d) => !index.tokens.has(foldForMatch(d))),
    ...(contradicts(sentence, passage) ? ['not'] : []),
  ];
}

/** Whether (and how well) a passage supports a sentence: see the top of this file. */
export function checkSupport(sentence: string, passage: string, options: SupportOptions = {}): Support {
  const index = indexPassage(passage);
  const missing = missingFacts(sentence, passage);
  const content = [...new Set(tokenize(sentence).filter((t) => !STOPWORDS.has(t) && t.length > 1))];
  const covered = (t: string) => index.tokens.has(t) || index.stems.has(stem(t)) || [...index.tokens].some((p) => sameRoot(t, p));
  const lexical = content.length ? content.filter(covered).length / content.length : 1;
  let score = lexical;
  if (options.vectors?.passageSentences.length) {
    const best = Math.max(...options.vectors.passageSentences.map((v) => cosine(options.vectors!.sentence, v)));
    score = (lexical + Math.max(0, best)) / 2;
  }
  const threshold = options.threshold ?? supportThreshold();
  return { supported: missing.length === 0 && score >= threshold, score: Number(score.toFixed(4)), missing };
}
