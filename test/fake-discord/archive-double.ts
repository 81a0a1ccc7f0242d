// TEST DOUBLE — not product code. An Archive that answers every question with a canned
// AskResult, for bot checks that need an answer the bundled articles cannot produce (a
// 5,000-character one). Everything the bot does not call in those checks throws.
import type { Archive } from '../../src/api.ts';
import type { Config } from '../../src/config.ts';
import type { AskResult, FeedbackRecord } from '../../src/types.ts';

export interface CannedArchive extends Archive {
  readonly questions: Array<{ question: string; history: string[] | undefined }>;
  readonly feedback: FeedbackRecord[];
}

export function cannedArchive(config: Config, answer: (question: string) => AskResult): CannedArchive {
  const unused = (name: string) => () => {
    throw new Error(`archive double: ${name} is not used in this test`);
  };
  const questions: CannedArchive['questions'] = [];
  const feedback: FeedbackRecord[] = [];
  return {
    config,
    questions,
    feedback,
    async ask(question, options) {
      questions.push({ question, history: options?.history });
      return answer(question);
    },
    recordFeedback(record) {
      feedback.push(record);
    },
    stats: () => null,
    listSources: () => [],
    findArticles: () => [],
    reindexProgress: () => null,
    reindex: unused('reindex'),
    summarize: unused('summarize'),
    addArticle: unused('addArticle'),
    removeArticle: unused('removeArticle'),
    async close() {},
  };
}
