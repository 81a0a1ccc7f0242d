// Reading what the bot sent through the fake: the messages of an interaction as a user sees
// them, private notes, buttons, and checks over every body the bot sent.
import assert from 'node:assert/strict';
import type { FakeDiscord } from './fake-discord.ts';
import type { Json } from './model.ts';
import type { InteractionRecord } from './state.ts';

const EPHEMERAL = 64;

export function buttonsOf(message: Json | null | undefined): Json[] {
  const rows = (message?.components as Json[] | undefined) ?? [];
  return rows.flatMap((row) => (row.components as Json[] | undefined) ?? []);
}

export function customIds(message: Json | null | undefined): string[] {
  return buttonsOf(message).map((b) => String(b.custom_id));
}

/** The messages of an interaction's response as shown: the original, then follow-ups. */
export function responseMessages(ix: InteractionRecord): Json[] {
  return [...(ix.original && !ix.originalDeleted ? [ix.original] : []), ...ix.followups];
}

/** Text of the private (ephemeral) notes the user got for this interaction. */
export function privateNotes(ix: InteractionRecord): string[] {
  return responseMessages(ix)
    .filter((m) => (Number(m.flags ?? 0) & EPHEMERAL) !== 0 && String(m.content ?? '') !== '')
    .map((m) => String(m.content));
}

/** Waits for the complete answer to an /ask (or /summary): the messages up to the one with 👍/👎. */
export async function answerOf(fake: FakeDiscord, ix: InteractionRecord): Promise<Json[]> {
  return fake.until(() => {
    const messages = responseMessages(ix);
    const last = messages.findIndex((m) => customIds(m).some((id) => id.startsWith('ask:up:')));
    return last >= 0 ? messages.slice(0, last + 1) : null;
  }, `the answer to interaction ${ix.id}`);
}

export function textOf(messages: Json[]): string {
  return messages.map((m) => String(m.content ?? '')).join('\n');
}

/** Waits for a private note on this interaction and returns its text. */
export async function privateNoteOf(fake: FakeDiscord, ix: InteractionRecord): Promise<string> {
  return fake.until(() => privateNotes(ix).join('\n') || null, `a private note on interaction ${ix.id}`);
}

function messageBodies(fake: FakeDiscord): Array<{ path: string; message: Json }> {
  const out: Array<{ path: string; message: Json }> = [];
  for (const { path, body } of fake.bodies()) {
    // Interaction callbacks wrap the message in `data`; webhook and channel sends are the message.
    const message = path.startsWith('/interactions/') ? (body.data as Json | undefined) : body;
    if (message && typeof message === 'object' && ('content' in message || 'components' in message)) out.push({ path, message });
  }
  return out;
}

/** Every message the bot sent pings nobody: allowed_mentions parse [] and no reply ping. */
export function assertNoPings(fake: FakeDiscord): number {
  const sent = messageBodies(fake);
  for (const { path, message } of sent) {
    const allowed = message.allowed_mentions as Json | undefined;
    assert.ok(allowed, `no allowed_mentions on ${path}: ${JSON.stringify(message).slice(0, 200)}`);
    assert.deepEqual(allowed.parse, [], `allowed_mentions.parse on ${path}`);
    assert.ok(!allowed.users && !allowed.roles, `allowed_mentions lists users or roles on ${path}`);
    assert.notEqual(allowed.replied_user, true, `reply ping on ${path}`);
  }
  return sent.length;
}

/** Every message the bot sent is within Discord's limits. */
export function assertWithinLimits(fake: FakeDiscord): void {
  for (const { path, message } of messageBodies(fake)) {
    assert.ok(String(message.content ?? '').length <= 2000, `content over 2,000 characters on ${path}`);
    const rows = (message.components as Json[] | undefined) ?? [];
    assert.ok(rows.length <= 5, `more than 5 component rows on ${path}`);
    for (const row of rows)
      assert.ok(((row.components as Json[] | undefined) ?? []).length <= 5, `more than 5 buttons in a row on ${path}`);
    const embeds = (message.embeds as Json[] | undefined) ?? [];
    assert.ok(embeds.length <= 10, `more than 10 embeds on ${path}`);
  }
}
