// Everything a command module (commands/*.ts) needs from the bot, in one import: replies, permissions,
// formatting, answering and the index jobs. Commands hold no policy of their own: rate limits and
// deferral happen once, in the router (interactions.ts).
export { ANSWER_BUTTONS, answerInteraction, prepareAnswer, prepareSummary, summaryInteraction } from './answering.ts';
export { resolveArticle, respondWithArticles } from './article-choices.ts';
export { type BotContext, type CommandModule, customId, type QuestionOutcome } from './context.ts';
export { formatQuotes } from './format/answer.ts';
export { formatReport } from './format/reindex.ts';
export { formatSourcePage, OWN_MARK, SHARED_MARK } from './format/sources.ts';
export { formatStatus } from './format/status.ts';
export { codeText, escapeText } from './format/text.ts';
export { runIndexJob } from './index-job-reply.ts';
export { NO_MENTIONS } from './limits.ts';
export { isModerator, NOT_A_MODERATOR } from './permissions.ts';
export { sayPrivately, sendText } from './reply.ts';
export { ARTICLE_EXTENSIONS } from '../sources/fetch/file-name.ts';
export { fromAttachment, fromUrl } from '../sources/fetch/ingest.ts';
