// Follow-ups in a conversation borrow from it only what they lack. "and what did he say about it?" after
// "What did Cavusoglu say about the sanctions?" is searched as "and what did Cavusoglu say about the
// sanctions?"; "and what did Cavusoglu say about Libya?" names its speaker and its topic and is searched
// as it is; "what about Lavrov?" keeps the topic and changes the speaker, "what about Libya?" the reverse.
// The whole history is read in order, each question resolved with the ones before it, so a chain of
// follow-ups keeps its thread.
import nlp from 'compromise';
import { contentTerms, STOPWORDS } from '../shared/text.ts';
import { YEAR_PATTERN, yearsIn } from '../shared/years.ts';

export interface ResolvedQuestion {
  /** Text embedded for dense search and sentence scoring. */
  query: string;
  /** Text whose terms drive keyword search. */
  keywordText: string;
  /** What was taken from the conversation ("Cavusoglu", "the sanctions"); empty for a question that stands alone. */
  borrowed: string[];
}

/** What a resolved question offers the next one. */
interface Context {
  text: string;
  /** Names that are not places or organisations, most recent last: who "he" or "she" is. */
  people: string[];
  /** The subject's names ("the US", "Putin and Erdogan"): who "they" are when no person is named. */
  subject: string[];
  /** Every name, with its kind. */
  names: Array<{ name: string; kind: NameKind }>;
  /** What "it" stands for: the phrase after "about", else the question without its wh-word and auxiliary. */
  topic: string;
}

type NameKind = 'person' | 'place' | 'org' | 'time';

const WH = /^(what|who|whom|whose|which|when|where|why|how)$/i;
const AUX = /^(is|are|was|were|do|does|did|has|have|had|will|would|can|could|should|may|might|must|many|much|long|often|far|old|'s)$/i;
const PERSON_PRONOUN = /\b(he|him|his|she|her|hers)\b/i;
const GROUP_PRONOUN = /\b(they|them|their|theirs)\b/i;
const THING_PRONOUN = /\b(it|its|that|this|these|those|the same)\b/i;
const THERE = /\bthere\b/i;
/** "what about Libya?", "how about Lavrov?", "and in 2024?", "and Lavrov?". */
const ELLIPSIS = /^(?:and|but|also|so)?\s*(?:(?:what|how)\s+about|and|but|also)\s+(.+?)[?.!]*$/i;
const YEAR = new RegExp(`^(?:in\\s+)?(${YEAR_PATTERN})$`, 'i');
const SPEECH =
  /\b(say|said|says|think|thinks|thought|tell|told|stress|stressed|add|added|claim|claimed|announce|announced|discuss|discussed)\b/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Capitalised runs that name something, skipping a capitalised question word opening the sentence. */
function namesIn(text: string): string[] {
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) names.push(run.join(' '));
    run = [];
  };
  const tokens = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'.-]*|[^\s\p{L}\p{N}]/gu)].map((m) => m[0]);
  tokens.forEach((tok, i) => {
    const word = tok.replace(/[’']s$/, '').replace(/[.-]+$/, '');
    const opening = i === 0 || /^[?!.;:"“(]$/.test(tokens[i - 1]!);
    const isName = /^\p{Lu}/u.test(word) && !STOPWORDS.has(word.toLowerCase()) && !(opening && (WH.test(word) || AUX.test(word)));
    if (isName && word.length > 1) {
      run.push(word);
      if (word !== tok) flush(); // a possessive ends the name
    } else flush();
  });
  flush();
  return names;
}

function kindOf(name: string, text = ''): NameKind {
  // "in Sochi", "at Antalya": a name after a preposition of place is a place, whatever the lexicon says.
  if (text && new RegExp(`\\b(in|at|to|from|near)\\s+(the\\s+)?${escapeRegExp(name)}\\b`).test(text)) return 'place';
  if (YEAR.test(name)) return 'time';
  const doc = nlp(name);
  if (doc.has('#Place') || doc.has('#Country')) return 'place';
  if (doc.has('#Organization') || doc.has('#Acronym')) return 'org';
  return 'person';
}

/** The subject of a question: the words between its auxiliary and its verb ("did [the US] sanction"). */
function subjectOf(text: string): string {
  const words = text.replace(/[?!.]+$/, '').split(/\s+/);
  const aux = words.findIndex((w, i) => i <= 3 && AUX.test(w) && !/^(many|much|long|often|far|old)$/i.test(w));
  if (aux < 0) {
    // "Cavusoglu said …": a question that opens with a name.
    const first = namesIn(text)[0];
    return first && text.startsWith(first) ? first : '';
  }
  const rest = words.slice(aux + 1);
  const verbAt = rest.findIndex((w, i) => i > 0 && /^\p{Ll}/u.test(w) && !/^(and|of|the|a|an)$/i.test(w));
  return rest.slice(0, verbAt < 0 ? rest.length : verbAt).join(' ');
}

/** What "it" stands for in a question. */
function topicOf(text: string, subject: string): string {
  const about = /\b(?:about|on|regarding|over|concerning)\s+(.+?)[?.!]*$/i.exec(text);
  if (about && !THING_PRONOUN.test(about[1]!)) return about[1]!.trim();
  const words = text.replace(/[?!.]+$/, '').split(/\s+/);
  let i = 0;
  while (i < words.length && (WH.test(words[i]!) || AUX.test(words[i]!) || /^(and|but|so|also)$/i.test(words[i]!))) i++;
  let rest = words.slice(i).join(' ');
  // The speaker of "what did X say" is not the topic; the actor of "why did the US sanction Turkey" is part of it.
  if (subject && SPEECH.test(rest) && rest.startsWith(subject)) rest = rest.slice(subject.length).trim();
  return rest.replace(SPEECH, '').replace(/\s+/g, ' ').trim();
}

function contextOf(text: string): Context {
  const names = namesIn(text).map((name) => ({ name, kind: kindOf(name, text) }));
  const subject = subjectOf(text);
  const subjectNames = names.filter((n) => subject.includes(n.name)).map((n) => n.name);
  return {
    text,
    people: names.filter((n) => n.kind === 'person').map((n) => n.name),
    subject: subjectNames,
    names,
    topic: topicOf(text, subject),
  };
}

/** Replaces the first match of a pronoun pattern, keeping the possessive ("his" → "Cavusoglu's"). */
function substitute(text: string, pattern: RegExp, by: string): string {
  return text.replace(pattern, (m) => (/^(his|hers|their|theirs|its)$/i.test(m) ? `${by}'s` : by));
}

/** A follow-up such as "what about Libya?" as the earlier question with the new name in the slot of its kind. */
function fillEllipsis(x: string, ctx: Context): string {
  const names = namesIn(x);
  const year = YEAR.exec(x.trim());
  if (year) {
    const old = yearsIn(ctx.text)[0];
    return old ? ctx.text.replace(old, year[1]!) : `${ctx.text.replace(/[?.!]+$/, '')} in ${year[1]}?`;
  }
  // "and how many ministerial meetings?" after "How many phone conversations did Putin … have in 2023?":
  // the new wh-phrase takes the old one's place, the rest of the question stays.
  const wh = /^(how many|how much|which|what|who|when|where|why)\b/i.exec(x.trim());
  const lead = /^(.*?)\s+(did|does|do|is|are|was|were|will|would|has|have|had|can|could)\b/i.exec(ctx.text);
  if (wh && lead && lead[1]!.toLowerCase().startsWith(wh[1]!.toLowerCase())) {
    return `${x.trim()} ${ctx.text.slice(lead[1]!.length).trim()}`;
  }
  const newName = names[0];
  const kind = newName ? kindOf(newName) : null;
  if (newName && kind === 'person' && ctx.people.length) {
    return ctx.text.replace(new RegExp(escapeRegExp(ctx.people.at(-1)!), 'g'), newName);
  }
  const about = /\b(about|on|regarding|over|concerning)\s+(.+?)([?.!]*)$/i.exec(ctx.text);
  if (about) return `${ctx.text.slice(0, about.index)}${about[1]} ${x}${about[3] || '?'}`;
  if (newName && kind) {
    const same = ctx.names.filter((n) => n.kind === kind && !ctx.subject.includes(n.name)).at(-1);
    if (same) return ctx.text.replace(same.name, newName);
  }
  return `${ctx.text.replace(/[?.!]+$/, '')} — ${x}?`;
}

/** One question read against what the conversation so far offers. */
function resolveOne(question: string, ctx: Context | null): { text: string; borrowed: string[] } {
  if (!ctx) return { text: question, borrowed: [] };
  const own = namesIn(question);
  const borrowed: string[] = [];
  const ellipsis = ELLIPSIS.exec(question.trim());
  // "and Libya?", "what about Lavrov?": short, no verb of its own.
  if (
    ellipsis &&
    ellipsis[1]!.split(/\s+/).length <= 4 &&
    !SPEECH.test(ellipsis[1]!) &&
    !/\b(is|are|was|were|did|does|do)\b/i.test(ellipsis[1]!)
  ) {
    const text = fillEllipsis(ellipsis[1]!, ctx);
    return { text, borrowed: [ctx.text] };
  }
  let text = question;
  if (PERSON_PRONOUN.test(text) && !own.some((n) => kindOf(n) === 'person')) {
    const who = ctx.people.at(-1) ?? ctx.subject.join(' and ');
    if (who) {
      text = substitute(text, new RegExp(PERSON_PRONOUN.source, 'gi'), who);
      borrowed.push(who);
    }
  }
  if (GROUP_PRONOUN.test(text) && own.length === 0) {
    const who = (ctx.subject.length ? ctx.subject : ctx.people).join(' and ');
    if (who) {
      text = substitute(text, new RegExp(GROUP_PRONOUN.source, 'i'), who);
      borrowed.push(who);
    }
  }
  if (THING_PRONOUN.test(text) && ctx.topic) {
    // Only pronouns used as nouns: "about it", "say that?", not "that Turkey …" or "this year".
    const pattern =
      /\b(about|on|regarding|over|with|against|for|of|to|say|said|says|do|did|does|is|was|will|would|can|mean|means|affect|affects)\s+(it|that|this|these|those|the same)\b(?!\s+(?!mean|affect|happen|matter|end|start|work)\p{Ll})|\b(it|that|this)\s*(?=[?.!]*$)/iu;
    if (pattern.test(text)) {
      text = text.replace(pattern, (_m, verb?: string) => (verb ? `${verb} ${ctx.topic}` : ctx.topic));
      borrowed.push(ctx.topic);
    }
  }
  if (THERE.test(text)) {
    const place = ctx.names.filter((n) => n.kind === 'place').at(-1)?.name;
    if (place) {
      text = text.replace(THERE, `in ${place}`);
      borrowed.push(place);
    }
  }
  // "Why?", "When?", "And then?": too little to stand alone, so the whole earlier question comes along.
  if (borrowed.length === 0 && contentTerms(question).length < 2 && own.length === 0) {
    return { text: `${ctx.text} ${question}`, borrowed: [ctx.text] };
  }
  return { text, borrowed };
}

/**
 * The question as it should be searched, given the earlier questions of the conversation (oldest
 * first). A question that names its own speaker and topic borrows nothing.
 */
export function resolveFollowUp(question: string, history: string[] = []): ResolvedQuestion {
  let ctx: Context | null = null;
  for (const earlier of history) {
    const trimmed = earlier.trim();
    if (trimmed) ctx = contextOf(resolveOne(trimmed, ctx).text);
  }
  const { text, borrowed } = resolveOne(question, ctx);
  return { query: text, keywordText: text, borrowed };
}
