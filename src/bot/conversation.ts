// Conversations: a message mentioning the bot is answered in a new thread on that message;
// later messages in a thread the bot created are follow-ups, answered with the thread's earlier
// questions as history. Everything else (no mention, other threads, other bots) is ignored.
import type { Message, SendableChannels, ThreadChannel } from 'discord.js';
import { askerOf, prepareAnswer } from './answering.ts';
import type { BotContext } from './context.ts';
import { threadName } from './format/thread-name.ts';
import { serves } from './guild-policy.ts';
import { errorForLog, explain } from '../errors.ts';
import type { Lifecycle } from './lifecycle.ts';
import { busyMessage, QUEUE_NOTICE_MS, queuedNotice, WARMING_NOTICE } from './format/queue.ts';
import { NO_MENTIONS } from './limits.ts';
import { rateLimitMessage } from './rate-limit.ts';
import { ChannelStream } from './stream-reply.ts';

/** Earlier questions passed to the archive; older ones rarely matter to a follow-up. */
const MAX_HISTORY = 6;
/** Threads the bot opens stay open a day without activity (Discord's 1440-minute option). */
const THREAD_ARCHIVE_MINUTES = 1440;

/** The question text without the bot's own mention. */
export function questionText(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

async function threadHistory(thread: ThreadChannel, current: Message, botId: string): Promise<string[]> {
  const earlier = await thread.messages.fetch({ limit: 50, before: current.id });
  const questions = [...earlier.values()]
    .filter((m) => !m.author.bot && !m.system)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .map((m) => questionText(m.content, botId));
  // The message the thread was opened on holds the first question; it lives in the parent channel.
  const starter = await thread.fetchStarterMessage().catch(() => null);
  if (starter && !starter.author.bot) questions.unshift(questionText(starter.content, botId));
  return questions.filter(Boolean).slice(-MAX_HISTORY);
}

async function handle(message: Message, ctx: BotContext): Promise<void> {
  if (message.author.bot || message.system || !message.inGuild() || !serves(ctx.config, message.guildId)) return;
  const me = message.client.user;
  const channel = message.channel;
  const inOwnThread = channel.isThread() && channel.ownerId === me.id;
  // users.has, not mentions.has: @everyone and role mentions do not address the bot.
  if (!inOwnThread && !message.mentions.users.has(me.id)) return;

  const question = questionText(message.content, me.id);
  if (!question) {
    await message.reply({
      content: 'Ask me a question after the mention, e.g. “@Archivist why did the US sanction Turkey?”',
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const user = message.author.id;
  const decision = ctx.rateLimiter.take(user, message.guildId);
  if (!decision.ok) {
    // Messages have no private replies; a reply that pings nobody is the quietest option.
    await message.reply({ content: rateLimitMessage(decision), allowedMentions: NO_MENTIONS });
    return;
  }
  let release!: () => void;
  const acknowledged = new Promise<void>((resolve) => (release = resolve));
  let answer: (() => Promise<void>) | null = null;
  const admission = ctx.queue.admit(user, async () => {
    await acknowledged;
    return answer?.();
  });
  if (!admission.ok) {
    ctx.rateLimiter.refund(user, message.guildId);
    await message.reply({
      content: busyMessage(admission.reason, admission.retryAfterMs, ctx.config.discord.queue.maxPerUser),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  admission.done.catch(() => undefined); // awaited below

  // Acknowledged first: the thread (or the channel) and the typing indicator, before any answering work.
  // The answer itself runs in the question's turn; until it is set up the queue's work waits (released in finally).
  let target: SendableChannels = channel;
  let refused = false;
  try {
    if (inOwnThread || channel.isThread()) {
      // A thread cannot hold another thread: in a thread the bot did not open, answer in place, as a single question.
      target = channel;
    } else {
      try {
        target = await message.startThread({
          name: threadName(question),
          autoArchiveDuration: THREAD_ARCHIVE_MINUTES,
        });
      } catch (err) {
        // Typically a missing Create Public Threads permission: still answer, in the channel.
        ctx.logger.warn({ messageId: message.id, error: errorForLog(err) }, 'could not open a thread; answering in the channel');
        target = channel;
      }
    }
    await target.sendTyping().catch(() => undefined);
    const notice =
      ctx.warmUp.state === 'warming'
        ? WARMING_NOTICE
        : admission.estimateMs >= QUEUE_NOTICE_MS
          ? queuedNotice(admission.ahead, admission.estimateMs)
          : null;
    if (notice) await target.send({ content: notice, allowedMentions: NO_MENTIONS }).catch(() => undefined);

    const where = target;
    answer = async () => {
      const history = inOwnThread && channel.isThread() ? await threadHistory(channel, message, me.id) : [];
      // The answer is shown as the model writes it, in one message that the checked answer then replaces.
      const stream = new ChannelStream(where, ctx.streamIntervalMs, ctx.logger);
      try {
        await where.sendTyping().catch(() => undefined);
        const prepared = await prepareAnswer(ctx, question, history, {
          asker: askerOf({ user: message.author, guildId: message.guildId }),
          onPartial: stream.push,
          server: message.guildId,
        });
        refused = prepared.result.refused;
        await stream.finish(prepared.text, prepared.components);
      } catch (err) {
        await stream.abandon();
        throw err;
      }
    };
  } finally {
    release();
  }
  try {
    await admission.done;
    // A refusal (the articles do not cover it) costs nothing.
    if (refused) ctx.rateLimiter.refund(user, message.guildId);
  } catch (err) {
    ctx.rateLimiter.refund(user, message.guildId);
    ctx.logger.error({ messageId: message.id, channel: channel.id, error: errorForLog(err) }, 'answering a message failed');
    await target.send({ content: explain(err, 'discord').message, allowedMentions: NO_MENTIONS }).catch(() => undefined);
  }
}

export function createMessageHandler(ctx: BotContext, lifecycle: Lifecycle): (message: Message) => void {
  return (message) => {
    if (!lifecycle.accepting) return;
    lifecycle.track(
      handle(message, ctx).catch((err: unknown) => {
        ctx.logger.error({ messageId: message.id, error: errorForLog(err) }, 'message handling failed');
      }),
    );
  };
}
