// Discord adapter bench: 50 /ask interactions from 10 users sent at once through the fake
// gateway to the real bot process (`archivist start`, real archive over the bundled articles,
// extractive answers, rate limits raised). The fake runs in this process and the bot in its
// own, so the bot's work does not delay the fake's clock. Per interaction, it measures the time
// from the fake sending INTERACTION_CREATE to the deferral callback arriving and to the final
// PATCH with the answer, and prints p50/p95.
//
//   node --import tsx bench/discord.ts
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../src/config.ts';
import { FakeDiscord } from '../test/fake-discord/fake-discord.ts';
import { botEnv, tempArticles, TEST_TOKEN } from '../test/fake-discord/harness.ts';
import { answerOf } from '../test/fake-discord/inspect.ts';
import type { InteractionRecord } from '../test/fake-discord/state.ts';

const USERS = 10;
const QUESTIONS = 50;
const PROMPTS = [
  'Why did the US sanction Turkey?',
  'Who met in Sochi?',
  'What did Lavrov say about the sanctions?',
  'What did Cavusoglu say about the S-400?',
  'Where will Lavrov meet Hakan Fidan?',
  'What crises did the ministers discuss?',
  'When did Cavusoglu visit Russia?',
  'What is the Joint Strategic Planning Group?',
  'Will Russia and Turkey continue military cooperation?',
  'What is the capital of Australia?',
];

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Nearest-rank percentiles: every figure reported is a latency that was measured. */
function summarize(values: number[]): { p50: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? NaN;
  return { p50: at(50), p95: at(95) };
}

function figuresOf(prefix: string, sent: InteractionRecord[]): Record<string, number> {
  const deferral = summarize(sent.map((ix) => (ix.callbackAt ?? NaN) - ix.sentAt));
  const answer = summarize(sent.map((ix) => (ix.edits.at(-1)?.at ?? NaN) - ix.sentAt));
  return {
    [`${prefix}.deferral.p50_ms`]: round(deferral.p50),
    [`${prefix}.deferral.p95_ms`]: round(deferral.p95),
    [`${prefix}.answer.p50_ms`]: round(answer.p50),
    [`${prefix}.answer.p95_ms`]: round(answer.p95),
  };
}

export async function benchDiscord(): Promise<Record<string, number>> {
  const fake = await FakeDiscord.start([TEST_TOKEN]);
  const tempDir = tempArticles();
  const env = botEnv(fake, tempDir, { RATE_LIMIT_USER: '1000/60', RATE_LIMIT_GUILD: '10000/60', LOG_LEVEL: 'warn' });
  const bot = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'archivist.js'), 'start'], {
    cwd: tempDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tempDir, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The bot's own output (first-run indexing, warnings) is shown only if the bench fails.
  let botOutput = '';
  bot.stderr?.on('data', (d: Buffer) => (botOutput += d.toString()));
  const exited = once(bot, 'exit');
  try {
    await fake.until(() => fake.gatewayStats.identifies > 0 || null, 'the bot to log in', 120_000);
    const users = Array.from({ length: USERS }, (_, i) => fake.addUser(`bench-user-${i}`));
    // Warm-up (not measured): the first question loads the embedder's session.
    await answerOf(fake, fake.command(users[0]!, 'ask', { options: { question: PROMPTS[0]! } }));

    // Baseline: the same questions one at a time.
    const single: InteractionRecord[] = [];
    for (const question of PROMPTS) {
      const ix = fake.command(users[0]!, 'ask', { options: { question } });
      await answerOf(fake, ix);
      single.push(ix);
    }

    const started = performance.now();
    const burst: InteractionRecord[] = [];
    for (let i = 0; i < QUESTIONS; i++) {
      burst.push(fake.command(users[i % USERS]!, 'ask', { options: { question: PROMPTS[i % PROMPTS.length]! } }));
    }
    await Promise.all(burst.map((ix) => answerOf(fake, ix)));
    const wallMs = performance.now() - started;

    return {
      'discord.questions': QUESTIONS,
      'discord.users': USERS,
      ...figuresOf('discord.single', single),
      ...figuresOf('discord.burst', burst),
      'discord.burst.wall_ms': round(wallMs),
    };
  } catch (err) {
    process.stderr.write(`bench/discord: the bot process said:\n${botOutput}\n`);
    throw err;
  } finally {
    bot.kill('SIGTERM');
    await exited;
    await fake.stop();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const f = await benchDiscord();
  process.stdout.write(
    'Discord /ask through the fake gateway (bot process: real discord.js client, real archive, extractive answers)\n' +
      `  one at a time (${PROMPTS.length} questions):\n` +
      `    INTERACTION_CREATE → deferral: p50 ${f['discord.single.deferral.p50_ms']} ms, p95 ${f['discord.single.deferral.p95_ms']} ms\n` +
      `    INTERACTION_CREATE → answer:   p50 ${f['discord.single.answer.p50_ms']} ms, p95 ${f['discord.single.answer.p95_ms']} ms\n` +
      `  ${f['discord.questions']} questions from ${f['discord.users']} users at once:\n` +
      `    INTERACTION_CREATE → deferral: p50 ${f['discord.burst.deferral.p50_ms']} ms, p95 ${f['discord.burst.deferral.p95_ms']} ms\n` +
      `    INTERACTION_CREATE → answer:   p50 ${f['discord.burst.answer.p50_ms']} ms, p95 ${f['discord.burst.answer.p95_ms']} ms\n` +
      `    all answered in ${f['discord.burst.wall_ms']} ms\n`,
  );
}
