// A thread follow-up ("and what did Cavusoglu say about it?") read together with the question before it.
import { contentTerms } from '../shared/text.ts';

const REFERS_BACK =
  /^(and|but|also|so|then|what about|how about|why|and why)\b|\b(it|its|they|them|their|that|this|those|these|he|she|his|her|there)\b/i;

export interface ResolvedQuestion {
  /** Text embedded for dense search and sentence scoring. */
  query: string;
  /** Text whose terms drive keyword search. */
  keywordText: string;
}

export function resolveFollowUp(question: string, history: string[] = []): ResolvedQuestion {
  const previous = history[history.length - 1];
  if (!previous) return { query: question, keywordText: question };
  // Only a question that points back ("it", "and …", "what about …") or says almost nothing leans on
  // the one before; "What is the capital of Australia?" after a sanctions question stands alone.
  const terms = contentTerms(question);
  const followUp = terms.length < 2 || (REFERS_BACK.test(question) && terms.length < 6);
  if (!followUp) return { query: question, keywordText: question };
  return { query: `${previous} ${question}`, keywordText: `${question} ${previous}` };
}
