// The claim check's judge: the one definition of "supported" (src/answer/support.ts), given the embeddings
// it can use (the claim and each sentence of the passage, through the shared sentence-vector cache).
import { splitSentences } from '../../chunk/sentences.ts';
import type { SentenceVectors } from '../sentence-vectors.ts';
import { checkSupport } from '../support.ts';
import type { SupportJudge } from './check.ts';

export function supportJudge(vectors: SentenceVectors): SupportJudge {
  return async (claim, passageText) => {
    const sentences = splitSentences(passageText).map((s) => s.text);
    const [sentence, ...passageSentences] = await vectors.get([claim, ...sentences]);
    const { supported, score } = checkSupport(claim, passageText, { vectors: { sentence: sentence!, passageSentences } });
    return { supported, score };
  };
}
