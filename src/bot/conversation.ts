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
  const decision = ctx.rateLimiter.take(message.author.id, message.guildId);
  if (!decision.ok) {
    // Messages have no private replies; a reply that pings nobody is the quietest option.
    await message.reply({ content: rateLimitMessage(decision), allowedMentions: NO_MENTIONS });
    return;
  }

  let target: SendableChannels;
  let history: string[] = [];
  if (inOwnThread) {
    target = channel;
    history = await threadHistory(channel, message, me.id);
  } else if (channel.isThread()) {
    // A thread cannot hold another thread: answer in place, as a single question.
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
  // The answer is shown as the model writes it, in one message that the checked answer then replaces.
  const stream = new ChannelStream(target, ctx.streamIntervalMs, ctx.logger);
  try {
    await target.sendTyping().catch(() => undefined);
    const prepared = await prepareAnswer(ctx, question, history, {
      asker: askerOf({ user: message.author, guildId: message.guildId }),
      onPartial: stream.push,
      server: message.guildId,
    });
    await stream.finish(prepared.text, prepared.components);
  } catch (err) {
    await stream.abandon();
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
