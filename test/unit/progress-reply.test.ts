// The reindex progress message in Discord: shown at once, then edited at most once per interval with the
// latest progress, never after the job stopped. On fake timers: the spacing is the code's, not the machine's.
import assert from 'node:assert/strict';
import type { RepliableInteraction } from 'discord.js';
import { afterEach, beforeEach, describe, test, vi } from 'vitest';
import { ProgressReply } from '../../src/bot/progress-reply.ts';
import { createLogger } from '../../src/logger.ts';

describe('reindex progress edits', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('the first line at once, then one edit per interval with the latest progress, none after stop()', async () => {
    const edits: Array<{ at: number; content: string }> = [];
    const t0 = Date.now();
    const interaction = {
      editReply: async (body: { content: string; allowedMentions: unknown }) => {
        assert.deepEqual(body.allowedMentions, { parse: [], repliedUser: false });
        edits.push({ at: Date.now() - t0, content: body.content });
      },
    } as unknown as RepliableInteraction;
    const reply = new ProgressReply(interaction, 'Full reindex', 1000, createLogger('silent'));
    await reply.start({ phase: 'read', done: 0, total: 10 });
    assert.equal(edits.length, 1);
    assert.match(edits[0]!.content, /^⏳ Full reindex: /);

    reply.update({ phase: 'embed', done: 5, total: 100 });
    reply.update({ phase: 'embed', done: 40, total: 100 });
    await vi.advanceTimersByTimeAsync(999);
    assert.equal(edits.length, 1, 'not before the interval');
    await vi.advanceTimersByTimeAsync(1);
    assert.equal(edits.length, 2);
    assert.match(edits[1]!.content, /40/, 'the latest progress is shown');
    assert.ok(edits.every((e, i) => i === 0 || e.at - edits[i - 1]!.at >= 1000));

    await reply.stop();
    reply.update({ phase: 'embed', done: 90, total: 100 });
    await vi.advanceTimersByTimeAsync(10_000);
    assert.equal(edits.length, 2, 'nothing after stop()');
  });
});
