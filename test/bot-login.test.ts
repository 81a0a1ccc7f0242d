// A token Discord refuses: runBot and deployCommands fail with a LoginError that says what
// to fix (the CLI exits 2 on it), and the token is not in the message.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, test } from 'vitest';
import { loadConfig, type Config } from '../src/config.ts';
import { deployCommands } from '../src/bot/deploy.ts';
import { LoginError, runBot } from '../src/bot/run.ts';
import { cannedArchive } from './fake-discord/archive-double.ts';
import { FakeDiscord } from './fake-discord/fake-discord.ts';
import { botEnv, memoryLogger, tempArticles, TEST_TOKEN } from './fake-discord/harness.ts';

const WRONG_TOKEN = 'MTI3NDU2.WrOnG.not-the-token-the-fake-knows';
let fake: FakeDiscord;
let tempDir: string;

beforeAll(async () => {
  fake = await FakeDiscord.start([TEST_TOKEN]);
  tempDir = tempArticles();
});

afterAll(async () => {
  await fake?.stop();
  rmSync(tempDir, { recursive: true, force: true });
});

function configWith(token: string | undefined): Config {
  const env = botEnv(fake, tempDir);
  if (token) env.DISCORD_TOKEN = token;
  else delete env.DISCORD_TOKEN;
  return loadConfig(env, { dotenvPath: false });
}

const noAnswers = () => {
  throw new Error('no question is asked in this test');
};

test('runBot with a token Discord refuses throws a LoginError with a clear message and exit code 2', async () => {
  const config = configWith(WRONG_TOKEN);
  const archive = cannedArchive(config, noAnswers);
  const logs: string[] = [];
  await assert.rejects(runBot(config, archive, memoryLogger(logs)), (err: unknown) => {
    assert.ok(err instanceof LoginError);
    assert.match(err.message, /Discord refused the bot token \(401 Unauthorized\)\. Check DISCORD_TOKEN/);
    assert.equal(err.exitCode, 2);
    assert.ok(!err.message.includes(WRONG_TOKEN));
    return true;
  });
  assert.ok(!logs.some((l) => l.includes(WRONG_TOKEN)));
  const refused = fake.requests.filter((r) => r.path === '/gateway/bot');
  assert.deepEqual(
    refused.map((r) => r.status),
    [401],
  );
  assert.equal(fake.gatewayStats.connections, 0, 'no gateway connection was attempted');
});

test('runBot without a token refuses to start', async () => {
  const config = configWith(undefined);
  await assert.rejects(runBot(config, cannedArchive(config, noAnswers), memoryLogger([])), /DISCORD_TOKEN is not set/);
});

test('deployCommands with a refused token throws a LoginError', async () => {
  await assert.rejects(deployCommands(configWith(WRONG_TOKEN)), (err: unknown) => err instanceof LoginError && /401/.test(err.message));
});
