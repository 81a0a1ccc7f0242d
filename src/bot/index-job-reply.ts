// Runs an index change (reindex, add, remove) for a command: one at a time, the reply showing
// progress while it runs and the report at the end. A second request meanwhile is told,
// privately, what is running and how far it is.
import type { ChatInputCommandInteraction } from 'discord.js';
import type { ProgressListener } from '../api.ts';
import type { BotContext } from './context.ts';
import { formatBusy } from './format/reindex.ts';
import { JobBusyError } from './index-jobs.ts';
import { ProgressReply } from './progress-reply.ts';
import { sayPrivately, sendText } from './reply.ts';

/** Does the work and returns the text of the final report. */
export type IndexWork = (onProgress: ProgressListener, signal: AbortSignal) => Promise<string>;

export async function runIndexJob(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  title: string,
  work: IndexWork,
): Promise<void> {
  try {
    // jobs.run takes the slot before its first await, so a second command is refused even
    // when both arrive in the same tick.
    const report = await ctx.jobs.run(title, async (signal) => {
      await interaction.deferReply();
      const progress = new ProgressReply(interaction, title, ctx.progressIntervalMs, ctx.logger);
      await progress.start(ctx.archive.reindexProgress());
      let report: string;
      try {
        report = await work(progress.update, signal);
      } catch (err) {
        await progress.stop();
        // The public reply only shows progress: remove it, the failure is told privately.
        await interaction.deleteReply().catch(() => undefined);
        throw err;
      } finally {
        await progress.stop();
        ctx.sources.invalidate();
      }
      return report;
    });
    // Sent once the slot is free: whoever sees the report may start the next index change at once.
    await sendText(interaction, report);
  } catch (err) {
    if (!(err instanceof JobBusyError)) throw err;
    await sayPrivately(interaction, formatBusy(err.running.label, err.running.startedAt, ctx.archive.reindexProgress()));
  }
}
