// The CLI as a user runs it: ask (text, JSON, JSONL), summarize, chat, and `start` on a fresh checkout.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'archivist.js'), ...args], {
      cwd: os.tmpdir(), // no .env here: only what the test passes counts
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('archivist CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archivist-cli-'));
    env = { INDEX_DIR: path.join(dir, 'index') };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('asking before any index exists says how to build one', async () => {
    const r = await run(['ask', 'Why did the US sanction Turkey?'], { INDEX_DIR: path.join(dir, 'nothing-here') });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no index yet.*archivist index/i);
  });

  test('`start` without DISCORD_TOKEN builds the index on first run, then chats with cited answers', async () => {
    const r = await run(['start'], env, 'Why did the US sanction Turkey?\nWhat is the capital of Australia?\n/quit\n');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /No index yet: building it/);
    assert.match(r.stderr, /5 added/);
    assert.match(r.stdout, /To serve Discord instead, set DISCORD_TOKEN/);
    assert.match(r.stdout, /S-400[^\n]*\[1\]/);
    assert.match(r.stdout, /Sources\n\[1\]/);
    assert.match(r.stdout, /The articles don't cover this: nothing in them mentions Australia\./);
    const again = await run(['start'], env, '/quit\n');
    assert.doesNotMatch(again.stderr, /building it/, 'second start reuses the index');
  });

  test('`ask --json` prints one object with the stable field names', async () => {
    const r = await run(['ask', '--json', 'Why did the US sanction Turkey?'], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['question', 'answer', 'refused', 'answerer', 'citations', 'timings']) assert.ok(key in out, key);
    assert.equal(out.answerer, 'extractive');
    const citations = out.citations as Array<Record<string, unknown>>;
    assert.ok(citations.length > 0);
    assert.deepEqual(
      Object.keys(citations[0]!).sort(),
      ['articleId', 'chunkId', 'date', 'n', 'outlet', 'quote', 'score', 'title', 'url', 'supported', 'support'].sort(),
    );
    // An extractive answer quotes its passages: each citation supports itself.
    assert.ok(citations.every((c) => c.supported === true && c.support === 1));
    assert.deepEqual(Object.keys(out.timings as object).sort(), ['answerMs', 'retrieveMs', 'totalMs']);
  });

  test('`ask --json -` answers one question per input line as JSONL, line for line', async () => {
    const r = await run(['ask', '--json', '-'], env, 'How much did Turkey pay for the S-400 system?\n\nWho won the 2022 World Cup?\n');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { question: string; answer: string; refused: boolean; error?: string });
    assert.equal(lines.length, 3);
    assert.match(lines[0]!.answer, /\$2\.5bn/);
    assert.equal(lines[1]!.error, 'The question is empty.', 'the empty line keeps its place');
    assert.equal(lines[2]!.refused, true);
  });

  test('`ask` filters by source and date from the command line', async () => {
    const r = await run(['ask', '--json', '--source', '000_8d4bb348ff52936f', '--from', '2024-01-01', 'What was discussed?'], env);
    const out = JSON.parse(r.stdout) as { citations: Array<{ articleId: string }> };
    assert.ok(out.citations.every((c) => c.articleId === '000_8d4bb348ff52936f'));
    const bad = await run(['ask', '--from', 'yesterday', 'What was discussed?'], env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /expected a date written YYYY-MM-DD/);
  });

  test('`summarize` prints a cited summary of an article or a topic', async () => {
    const a = await run(['summarize', '--article', '001'], env);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /Summary of Turkish, Russian foreign ministers meet in Sochi/);
    assert.match(a.stdout, /\[1\]/);
    const t = await run(['summarize', '--topic', 'S-400 sanctions'], env);
    assert.match(t.stdout, /^- .*\[\d+\]/m);
    const missing = await run(['summarize', '--article', 'no-such-article-xyz'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No article matches "no-such-article-xyz"/);
  });

  test('`chat` keeps the conversation: a follow-up is answered in context', async () => {
    const r = await run(['chat'], env, 'Why did the US sanction Turkey?\nand what did Cavusoglu say about it?\n/quit\n');
    assert.equal(r.code, 0, r.stderr);
    const answers = r.stdout.split('you> ');
    assert.match(answers.at(-2) ?? '', /Cavusoglu[^\n]*(sanction|sovereign|illegitimate)/i);
  });
});

describe('`archivist add`', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archivist-add-'));
    const articles = path.join(dir, 'articles');
    fs.mkdirSync(articles);
    fs.copyFileSync(
      path.join(PROJECT_ROOT, 'index-data', 'articles', '000_8d4bb348ff52936f.txt'),
      path.join(articles, '000_8d4bb348ff52936f.txt'),
    );
    env = { INDEX_DIR: path.join(dir, 'index'), ARTICLES_DIR: articles };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a local file is checked, saved into the articles folder, indexed, and answers questions', async () => {
    const file = path.join(dir, 'kazan-talks.md');
    fs.writeFileSync(
      file,
      '# Kazan to host the next round of talks\n\nTurkish and Russian diplomats will meet in Kazan in October to prepare a visit by the two presidents, the ministry said.\n',
    );
    const r = await run(['add', file], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Added kazan-talks \(saved as .*kazan-talks\.md\) from /);
    assert.match(r.stdout, /Articles: 2 added/); // the first run builds the index: the copied article and this one
    assert.ok(fs.existsSync(path.join(env.ARTICLES_DIR!, 'kazan-talks.md')));
    const ask = await run(['ask', '--json', 'Where will the diplomats meet in October?'], env);
    const answer = JSON.parse(ask.stdout) as { citations: Array<{ articleId: string }> };
    assert.ok(
      answer.citations.some((c) => c.articleId === 'kazan-talks'),
      ask.stdout,
    );
  });

  test('what fails the checks is refused with one line naming it, and nothing is saved', async () => {
    const before = fs.readdirSync(env.ARTICLES_DIR!).sort();
    const local = await run(['add', 'http://127.0.0.1:9/article'], env);
    assert.equal(local.code, 1);
    assert.match(local.stderr, /127\.0\.0\.1/);
    assert.doesNotMatch(local.stderr, /\n\s+at /, 'no stack trace');
    const missing = await run(['add', path.join(dir, 'no-such-file.txt')], env);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /no-such-file\.txt/);
    const binary = path.join(dir, 'photo.png');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const wrong = await run(['add', binary], env);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /photo\.png/);
    assert.deepEqual(fs.readdirSync(env.ARTICLES_DIR!).sort(), before);
  });
});
