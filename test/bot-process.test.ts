// The real bot process: `node bin/archivist.js start` with DISCORD_TOKEN set, against the fake
// Discord. It answers, finishes a question in flight on SIGTERM and exits 0; a refused token
// exits 2 with a clear message. The token never reaches its output.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { PROJECT_ROOT } from '../src/config.ts';
import { FakeDiscord } from './fake-discord/fake-discord.ts';
import { botEnv, tempArticles, TEST_TOKEN } from './fake-discord/harness.ts';
import { textOf, answerOf } from './fake-discord/inspect.ts';

let fake: FakeDiscord;
let tempDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  fake = await FakeDiscord.start([TEST_TOKEN]);
  tempDir = tempArticles();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await fake?.stop();
  rmSync(tempDir, { recursive: true, force: true });
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'archivist.js'), 'start'], {
    // The temp folder as cwd: no .env from the repository is read.
    cwd: tempDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tempDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => out, exit };
}

test('`archivist start` serves Discord; on SIGTERM it finishes the question in flight and exits 0', async () => {
  const bot = start(botEnv(fake, tempDir, { LOG_LEVEL: 'info' }));
  // First run: it builds the index, then logs in.
  await fake.until(() => fake.gatewayStats.identifies > 0 || null, 'the bot process to identify', 60_000);
  const user = fake.addUser('asker');
  const first = fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
  assert.match(textOf(await answerOf(fake, first)), /S-400.*\[1\]/s);

  const inFlight = fake.command(user, 'ask', { options: { question: 'Who met in Sochi?' } });
  await fake.until(() => inFlight.callbacks[0], 'the deferral');
  bot.child.kill('SIGTERM');
  assert.equal(await bot.exit, 0, bot.output());
  assert.match(textOf(await answerOf(fake, inFlight)), /\[1\]/, 'the question in flight was answered before exiting');
  assert.ok(!fake.gatewayConnected, 'the gateway connection was closed');
  assert.ok(!bot.output().includes(TEST_TOKEN), 'the token is not in the output');
});

test('`archivist start` with a token Discord refuses exits 2 with a clear message', async () => {
  const wrong = 'MTI3NDU2.WrOnG.not-the-token-the-fake-knows';
  const bot = start(botEnv(fake, tempDir, { DISCORD_TOKEN: wrong, LOG_LEVEL: 'info' }));
  assert.equal(await bot.exit, 2, bot.output());
  assert.match(bot.output(), /Discord refused the bot token \(401 Unauthorized\)/);
  assert.ok(!bot.output().includes(wrong));
});
