// What a user is told about the question queue: how long the wait is, or that the bot is too busy now.

/** A wait worth mentioning: shorter ones pass while "thinking…" is shown anyway. */
export const QUEUE_NOTICE_MS = 5000;

/** Whole seconds, at least 1: "about 0 s" would promise more than the estimate knows. */
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** "⏳ 12 questions ahead of yours, about 20 s." — shown in place of the "thinking…" placeholder. */
export function queuedNotice(ahead: number, estimateMs: number): string {
  const count = ahead === 1 ? '1 question' : `${ahead} questions`;
  return `⏳ ${count} ahead of yours, about ${seconds(estimateMs)} s. Your answer will appear here.`;
}

/** Shown before the model has finished loading at start-up. */
export const WARMING_NOTICE = '⏳ The bot has just started and is loading its model; your answer follows in a few seconds.';

/** The private refusal when the queue is full, or this user already has as many questions waiting as allowed. */
export function busyMessage(reason: 'full' | 'user', retryAfterMs: number, maxPerUser: number): string {
  const wait = `about ${Math.max(5, seconds(retryAfterMs))} s`;
  return reason === 'full'
    ? `The bot is busy answering many questions right now. Please try again in ${wait}; this question was not counted against your limit.`
    : `You already have ${maxPerUser} questions waiting. Please ask again once they are answered (${wait}).`;
}
