// Secrets: every error message and log line passes through the one redactor, which knows every
// configured secret (the Discord token, the OpenAI key, anything named *_TOKEN, *_KEY, *_SECRET) and strips
// `Bearer …` and `sk-…` strings a server echoes back. End to end: the CLI's messages, JSON lines and debug
// dumps, and the bot's log lines and the notes its users see.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { registerSecrets, redact, redactDeep, secretsOf } from '../src/shared/redact.ts';
import { type Harness, startHarness, TEST_TOKEN } from './fake-discord/harness.ts';
import { privateNoteOf } from './fake-discord/inspect.ts';
import { FakeOpenAI } from './helpers/fake-openai.ts';
import { BUNDLED_ARTICLES, CLI, cliEnv, copyDir, TempDirs } from './helpers/env.ts';

const KEY = 'sk-test-Zq8rT4mW9xY2vB7nK3pL';
const SERVICE_SECRET = 'hunter2-correct-horse-battery';
const EXTRA_TOKEN = 'tok_5f8a9b2c7d1e4f6a';
const ECHOED_KEY = 'sk-unconfigured-Jx9Qm2Lp7Rt4';
const tmp = new TempDirs();

afterAll(() => tmp.removeAll());

function assertClean(text: string, where: string): void {
  for (const secret of [KEY, SERVICE_SECRET, EXTRA_TOKEN, ECHOED_KEY, TEST_TOKEN]) {
    assert.ok(!text.includes(secret), `${where} holds a secret (${secret.slice(0, 6)}…):\n${text.slice(0, 2000)}`);
  }
  assert.doesNotMatch(text, /Bearer (?!\[redacted\])/, `${where} holds a bearer token`);
}

test('the redactor: configured secrets by name, echoed Bearer and sk- strings, in nested log objects', () => {
  registerSecrets(secretsOf({ PAYMENT_KEY: 'pk-live-0123456789', WEBHOOK_SECRET: 'whsec-abcdefgh', PATH: '/usr/bin', SHORT_TOKEN: 'abc' }));
  assert.equal(redact('key pk-live-0123456789 and whsec-abcdefgh'), 'key [redacted] and [redacted]');
  assert.equal(redact('/usr/bin stays; abc stays'), '/usr/bin stays; abc stays');
  assert.equal(redact('Authorization: Bearer eyJhbGciOi.x-y_z'), 'Authorization: Bearer [redacted]');
  assert.equal(redact('Incorrect API key provided: sk-proj-AAAAbbbbCCCC1234'), 'Incorrect API key provided: [redacted]');
  const err = new Error('failed with pk-live-0123456789');
  assert.deepEqual(redactDeep({ a: [{ b: 'whsec-abcdefgh' }], err }), {
    a: [{ b: '[redacted]' }],
    err: { type: 'Error', message: 'failed with [redacted]', stack: redact(err.stack ?? '') },
  });
});

describe('the CLI', () => {
  const fake = new FakeOpenAI();
  let vars: Record<string, string>;

  beforeAll(async () => {
    await fake.start();
    // A server that echoes everything it was sent: the key, a bearer header, another key, the other secrets.
    fake.setFailAlways({
      status: 401,
      message: `Incorrect API key provided: {key}. Authorization: Bearer {key}; x-extra: ${SERVICE_SECRET} ${EXTRA_TOKEN}; also ${ECHOED_KEY}`,
    });
    const root = tmp.make();
    vars = {
      ARTICLES_DIR: copyDir(BUNDLED_ARTICLES, path.join(root, 'articles')),
      INDEX_DIR: path.join(root, 'index'),
      EMBEDDER: 'openai',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: KEY,
      ANSWERER: 'extractive',
      BILLING_SERVICE_SECRET: SERVICE_SECRET,
      EXTRA_TOKEN,
      LOG_LEVEL: 'debug',
    };
  });

  afterAll(() => fake.stop());

  function run(args: string[], extra: Record<string, string> = {}, input = ''): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: tmp.make(), env: cliEnv({ ...vars, ...extra }) });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
      child.stdin.end(input);
    });
  }

  test('`index` failing at a server that echoes the key: the message and the debug dump hold no secret', async () => {
    const r = await run(['index']);
    assert.equal(r.code, 1);
    assert.match(r.out, /archivist: Embedding request to .* failed: 401 Incorrect API key provided: \[redacted\]/);
    assertClean(r.out, 'index output');
    assert.ok(
      fake.requests.some((q) => q.authorization === `Bearer ${KEY}`),
      'precondition: the key was sent',
    );
  });

  test('an input error quoting a secret path: redacted in the message', async () => {
    const r = await run(['index', '--dir', `/nonexistent/${SERVICE_SECRET}`]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Articles folder \/nonexistent\/\[redacted\] does not exist/);
    assertClean(r.out, 'index --dir output');
  });

  test('`ask --json -` error objects are redacted too', async () => {
    // An index built while the server works; then it fails, echoing, at every question's embedding.
    const failure = {
      status: 401,
      message: `Incorrect API key provided: {key}. Authorization: Bearer {key}; x-extra: ${SERVICE_SECRET} ${EXTRA_TOKEN}; also ${ECHOED_KEY}`,
    };
    fake.setFailAlways(null);
    const built = await run(['index']);
    assert.equal(built.code, 0, built.out);
    fake.setFailAlways(failure);
    const r = await run(['ask', '--json', '-'], {}, 'Why did the US sanction Turkey?\n');
    assert.equal(r.code, 1);
    const line = JSON.parse(r.out.split('\n').find((l) => l.startsWith('{"question"')) ?? '{}') as { error?: string; code?: string };
    assert.equal(line.code, 'EMBEDDER');
    assert.match(line.error ?? '', /Incorrect API key provided: \[redacted\]/);
    assertClean(r.out, 'ask --json - output');
  });
});

describe('the bot', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { OPENAI_API_KEY: KEY, BILLING_SERVICE_SECRET: SERVICE_SECRET } });
  });

  afterAll(async () => {
    await h?.stop();
  });

  test('Discord echoing the token and a bearer key in an error: the log lines and the user’s note hold neither', async () => {
    h.fake.injectFault({
      method: 'PATCH',
      path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/,
      status: 400,
      times: 1,
      message: `Invalid Form Body: token ${TEST_TOKEN} Authorization: Bearer ${KEY} ${ECHOED_KEY} ${SERVICE_SECRET}`,
    });
    const user = h.fake.addUser('leaky');
    const ix = h.fake.command(user, 'ask', { options: { question: 'Why did the US sanction Turkey?' } });
    const note = await privateNoteOf(h.fake, ix);
    assert.match(note, /Something went wrong/);
    assertClean(note, 'the note');
    const failed = await h.fake.until(() => h.logs.find((l) => l.includes('interaction failed')), 'the failure in the log');
    assert.match(failed, /Invalid Form Body: token \[redacted\] Authorization: Bearer \[redacted\]/);
    assertClean(h.logs.join('\n'), 'the bot log');
  });
});
