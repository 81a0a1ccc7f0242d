// A model's answer shown in Discord while it is written: the deferred reply (or, for a mention, one message
// in the thread) is edited as the text grows, at most once every `intervalMs` (Discord rate-limits edits, a
// few per 5 seconds per channel, and every edit is a request). The text shown meanwhile carries no [n]
// markers and says it is being written; the final edit, made by the caller once the claims are checked,
// replaces it with the checked answer. Nothing is edited after stop().
import type { Message, RepliableInteraction, SendableChannels } from 'discord.js';
import type { Logger } from 'pino';
import { errorForLog } from '../errors.ts';
import { DISCORD_LIMITS, NO_MENTIONS } from './limits.ts';
import type { ButtonRow } from './reply.ts';
import { splitMessage } from './split.ts';

export const WRITING = '-# writing… citations are checked before the answer is final';
const INTERRUPTED = '-# The answer could not be finished.';

/** The text so far as one message: the end kept (that is where it grows), then the writing line. */
export function partialMessage(text: string): string {
  const room = DISCORD_LIMITS.messageContent - WRITING.length - 3;
  const body = text.length <= room ? text : `…${text.slice(text.length - room + 1)}`;
  return `${body}\n${WRITING}`;
}

/** Coalesces updates into edits at most once per interval; the latest text wins. */
export class ThrottledEdits {
  private latest: string | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Edits sent so far. */
  sent = 0;

  constructor(
    private readonly edit: (content: string) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  readonly push = (text: string): void => {
    if (this.stopped) return;
    this.latest = text;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastAt + this.intervalMs - Date.now()));
  };

  private flush(): void {
    this.timer = null;
    const text = this.latest;
    this.latest = null;
    if (this.stopped || text === null) return;
    this.sent++;
    // The interval runs from when an edit starts; a slow edit delays the next one rather than overlapping it.
    this.chain = this.chain
      .then(() => {
        if (this.stopped) return;
        this.lastAt = Date.now();
        return this.edit(partialMessage(text));
      })
      .catch(this.onError);
  }

  /** No edit after this; resolves once an edit under way has landed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain;
  }
}

/**
 * Runs `work` with a listener that edits the interaction's deferred reply as the answer grows. If `work`
 * fails after something was shown, the unchecked text is replaced before the error goes on.
 */
export async function streamIntoReply<T>(
  interaction: RepliableInteraction,
  intervalMs: number,
  logger: Logger,
  work: (onPartial: (text: string) => void) => Promise<T>,
): Promise<T> {
  const edits = new ThrottledEdits(
    async (content) => {
      await interaction.editReply({ content, components: [], allowedMentions: NO_MENTIONS });
    },
    intervalMs,
    (err) => logger.warn({ error: errorForLog(err) }, 'could not show the answer being written'),
  );
  try {
    return await work(edits.push);
  } catch (err) {
    await edits.stop();
    if (edits.sent > 0)
      await interaction.editReply({ content: INTERRUPTED, components: [], allowedMentions: NO_MENTIONS }).catch(() => undefined);
    throw err;
  } finally {
    await edits.stop();
  }
}

/** A channel (a thread, for a mention): the first piece of text is sent as a message, later ones edit it. */
export class ChannelStream {
  private message: Message | null = null;
  private readonly edits: ThrottledEdits;

  constructor(
    private readonly channel: SendableChannels,
    intervalMs: number,
    logger: Logger,
  ) {
    this.edits = new ThrottledEdits(
      async (content) => {
        if (this.message) await this.message.edit({ content, allowedMentions: NO_MENTIONS });
        else this.message = await this.channel.send({ content, allowedMentions: NO_MENTIONS });
      },
      intervalMs,
      (err) => logger.warn({ error: errorForLog(err) }, 'could not show the answer being written'),
    );
  }

  readonly push = (text: string): void => this.edits.push(text);

  /** Sends the final text: the streamed message becomes its first part, the rest follow. */
  async finish(text: string, components: ButtonRow[]): Promise<void> {
    await this.edits.stop();
    const parts = splitMessage(text);
    for (const [i, content] of parts.entries()) {
      const rows = i === parts.length - 1 ? components : [];
      if (i === 0 && this.message) await this.message.edit({ content, components: rows, allowedMentions: NO_MENTIONS });
      else await this.channel.send({ content, components: rows, allowedMentions: NO_MENTIONS });
    }
  }

  /** The answer failed: unchecked text shown so far is taken back. */
  async abandon(): Promise<void> {
    await this.edits.stop();
    await this.message?.edit({ content: INTERRUPTED, allowedMentions: NO_MENTIONS }).catch(() => undefined);
  }
}
