// Every claim of a model's answer checked against the passages it cites, before anything is shown.
// A citation stays only when its passage supports the sentence (the one definition of "supported",
// src/answer/support.ts, through a SupportJudge); a sentence left without a supported citation is
// removed, never shown as cited. What remains is renumbered [1]…[m] by first use, each citation quoting
// the passage sentence that best matches the claim, verbatim.
import { splitSentences } from '../../chunk/sentences.ts';
import { contentTerms, stem } from '../../shared/text.ts';
import type { Citation, ClaimCheck, Passage } from '../../types.ts';
import { CitationList } from '../citations.ts';
import type { ParsedAnswer, ParsedLine } from './markers.ts';

export interface SupportVerdict {
  supported: boolean;
  /** In [0, 1]; higher is better supported. */
  score: number;
}

/** Whether a passage's text supports a claim. */
export type SupportJudge = (claim: string, passageText: string) => Promise<SupportVerdict>;

export interface CheckedAnswer {
  /** The answer with its checked, renumbered markers; empty when nothing was supported. */
  text: string;
  citations: Citation[];
  check: ClaimCheck;
}

/**
 * Sentences that say what the passages do not state ("The articles do not say when."): honest, part of a
 * good answer, and not claims a passage could support. Kept without a citation.
 */
const ABSENCE =
  /\b(?:passages?|articles?|sources?|reports?)\b.*\b(?:do(?:es)?n[o’']t|do(?:es)? not|did not|didn[’']t|never|no)\b.*\b(?:say|says|state|states|mention|mentions|specify|specifies|give|gives|report|reports|detail|details|explain|explains|indicate|indicates|information)\b|\b(?:not (?:stated|specified|mentioned|reported|clear)|unclear)\b/i;

/** Below this share of the union's score, a passage cited with others adds nothing to the claim. */
const CONTRIBUTES = 0.5;

interface KeptSentence {
  text: string;
  passages: Array<{ passage: Passage; score: number }>;
}

export async function checkAnswer(parsed: ParsedAnswer, passages: Passage[], judge: SupportJudge): Promise<CheckedAnswer> {
  const check: ClaimCheck = { sentences: 0, kept: 0, citations: 0, supported: 0, invalidMarkers: parsed.invalidMarkers };
  const lines: Array<{ kind: ParsedLine['kind']; sentences: KeptSentence[] }> = [];
  for (const line of parsed.lines) {
    if (line.kind === 'heading') {
      lines.push({ kind: 'heading', sentences: [{ text: line.sentences[0]!.text, passages: [] }] });
      continue;
    }
    const kept: KeptSentence[] = [];
    // What the line cites anywhere: a sentence the model left uncited may lean on these, and only these.
    const lineCites = [...new Set(line.sentences.flatMap((s) => s.cites))].map((n) => passages[n - 1]!);
    for (const s of line.sentences) {
      if (s.cites.length === 0 && ABSENCE.test(s.text)) {
        kept.push({ text: s.text, passages: [] });
        continue;
      }
      check.sentences++;
      const cited = s.cites.map((n) => passages[n - 1]!);
      check.citations += cited.length;
      const support = cited.length ? await citedSupport(s.text, cited, judge) : await bestSupport(s.text, lineCites, judge);
      check.supported += cited.length ? support.length : 0;
      if (support.length === 0) continue;
      check.kept++;
      kept.push({ text: s.text, passages: support });
    }
    if (kept.length) lines.push({ kind: line.kind, sentences: kept });
  }
  const shown = dropEmptyHeadings(lines);
  if (!shown.some((l) => l.sentences.some((s) => s.passages.length > 0))) {
    return { text: '', citations: [], check };
  }
  return { ...render(shown), check };
}

/** The cited passages that support the claim: each alone, or together when the claim joins what several state. */
async function citedSupport(claim: string, cited: Passage[], judge: SupportJudge): Promise<Array<{ passage: Passage; score: number }>> {
  const verdicts = await Promise.all(cited.map((p) => judge(claim, p.text)));
  const alone = cited.map((passage, i) => ({ passage, ...verdicts[i]! })).filter((v) => v.supported);
  if (alone.length || cited.length < 2) return alone.map(({ passage, score }) => ({ passage, score }));
  // "Reuters says 10 [1], AP two dozen [2]": no one passage states both figures, together they do.
  const union = await judge(claim, cited.map((p) => p.text).join('\n\n'));
  if (!union.supported) return [];
  return cited
    .map((passage, i) => ({ passage, score: union.score, own: verdicts[i]!.score }))
    .filter((v) => v.own >= union.score * CONTRIBUTES)
    .map(({ passage, score }) => ({ passage, score }));
}

/**
 * A claim the model left uncited ("A. B. [1][2]" cites once for two sentences) is kept only if one of the
 * passages its own paragraph or point cites supports it; the best one is cited. A sentence whose paragraph
 * cites nothing is removed: an unsupported claim is never shown, and a supported one needs its citation.
 */
async function bestSupport(claim: string, passages: Passage[], judge: SupportJudge): Promise<Array<{ passage: Passage; score: number }>> {
  const verdicts = await Promise.all(passages.map((p) => judge(claim, p.text)));
  let best: { passage: Passage; score: number } | null = null;
  verdicts.forEach((v, i) => {
    if (v.supported && (!best || v.score > best.score)) best = { passage: passages[i]!, score: v.score };
  });
  return best ? [best] : [];
}

function dropEmptyHeadings(
  lines: Array<{ kind: ParsedLine['kind']; sentences: KeptSentence[] }>,
): Array<{ kind: ParsedLine['kind']; sentences: KeptSentence[] }> {
  return lines.filter((l, i) => {
    if (l.kind !== 'heading') return true;
    const next = lines[i + 1];
    return next !== undefined && next.kind !== 'heading';
  });
}

function render(lines: Array<{ kind: ParsedLine['kind']; sentences: KeptSentence[] }>): { text: string; citations: Citation[] } {
  const list = new CitationList();
  const weakest = new Map<number, number>();
  const out: string[] = [];
  for (const line of lines) {
    const body = line.sentences
      .map((s) => {
        if (s.passages.length === 0) return s.text;
        const ns = s.passages.map(({ passage, score }) => {
          const n = list.cite(passage, quoteFor(s.text, passage));
          weakest.set(n, Math.min(weakest.get(n) ?? 1, score));
          return n;
        });
        return `${s.text} ${[...new Set(ns)].map((n) => `[${n}]`).join('')}`;
      })
      .join(' ');
    if (line.kind === 'bullet') out.push(`- ${body}`);
    else if (line.kind === 'heading') out.push(body);
    // Running text stays a paragraph of its own.
    else out.push(out.length ? `\n${body}` : body);
  }
  const citations = list.list().map((c) => ({ ...c, supported: true, support: Number((weakest.get(c.n) ?? 0).toFixed(4)) }));
  return { text: out.join('\n').trim(), citations };
}

/** The passage sentence that shares most of the claim's content words (stemmed); the first on a tie. */
export function quoteFor(claim: string, passage: Passage): string {
  const words = new Set(contentTerms(claim).map(stem));
  let best = '';
  let bestScore = -1;
  for (const s of splitSentences(passage.text)) {
    const score = contentTerms(s.text).filter((t) => words.has(stem(t))).length;
    if (score > bestScore) {
      best = s.text;
      bestScore = score;
    }
  }
  return best || passage.text.trim();
}
