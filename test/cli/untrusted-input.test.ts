// Holes found by probing the CLI: names and ids with control characters are printed escaped, never
// obeyed; JSON ids that are paths, hold line breaks or direction overrides, or run to 5,000 characters are
// replaced or cleaned with a warning; only http(s) urls are kept from front matter; `ask --json -` answers line N
// on output line N (an empty line gets an error object) and exits 1 when every line failed; `status --json`
// without an index prints an object saying so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { checkJsonId, httpUrl } from '../../src/sources/raw.ts';
import { printable } from '../../src/format/printable.ts';
import { BUNDLED_ARTICLES, CLI, cliEnv, copyDir, TempDirs } from '../helpers/env.ts';

const tmp = new TempDirs();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], vars: Record<string, string>, input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: tmp.make(), env: cliEnv({ LOG_LEVEL: 'silent', ...vars }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const FAKE_LINE = 'Articles: 999 added, 0 updated, 0 unchanged, 0 removed, 0 failed';
const EVIL_NAME = `evil\n${FAKE_LINE}\nx.txt`;
const TERMINAL_NAME = 'clear\r\u001b[2Kline.txt';
const LONG_ID = 'x'.repeat(5000);

afterAll(() => tmp.removeAll());

describe('a folder of articles with hostile names, ids and urls', () => {
  let vars: Record<string, string>;
  let index: Run;
  let outside: string;

  beforeAll(async () => {
    const root = tmp.make();
    const articles = copyDir(BUNDLED_ARTICLES, path.join(root, 'articles'));
    outside = path.join(root, 'etc');
    fs.writeFileSync(path.join(articles, EVIL_NAME), ''); // empty: listed under failures, by its name
    fs.writeFileSync(path.join(articles, TERMINAL_NAME), 'The Kestrel Bridge over the Avonmere opened on 3 March 2023.\n');
    const feed = [
      { id: '../../etc/passwd', title: 'Climbing id', text: 'The harbour of Lyme reopened on 9 June 2023 after the storm.' },
      { id: '/etc/shadow', title: 'Absolute id', text: 'The Heron Tunnel under the Lyme estuary was closed on 9 June 2023.' },
      { id: 'two\nlines', title: 'Line break id', text: 'The tram line to Avonmere carries 12,000 riders a day, the council said.' },
      { id: 'report\u202Etxt.exe', title: 'Override id', text: 'The Avonmere council approved a new budget of 40 million pounds in 2023.' },
      { id: LONG_ID, title: 'Long id', text: 'A ferry service between Lyme and Avonmere starts in the spring of 2024.' },
    ];
    fs.writeFileSync(path.join(articles, 'feed.jsonl'), feed.map((f) => JSON.stringify(f)).join('\n'));
    fs.writeFileSync(
      path.join(articles, 'script.md'),
      '---\ntitle: Scripted link\nurl: javascript:alert(document.cookie)\n---\nThe Avonmere library opened a new reading room on 2 May 2023 for students.\n',
    );
    fs.writeFileSync(
      path.join(articles, 'linked.md'),
      '---\ntitle: Linked article\nurl: https://news.example/avonmere-library\n---\nThe Avonmere library lends 3,000 books a week, its director said in 2023.\n',
    );
    vars = { ARTICLES_DIR: articles, INDEX_DIR: path.join(root, 'index') };
    index = await run(['index'], vars);
  });

  test('the report shows names escaped: no fake summary line, no terminal escape', () => {
    assert.equal(index.code, 0, index.stderr);
    const lines = index.stdout.split('\n');
    assert.equal(lines.filter((l) => l.startsWith('Articles:')).length, 1, index.stdout);
    assert.ok(!lines.includes(FAKE_LINE));
    assert.ok(index.stdout.includes(`  evil\\n${FAKE_LINE}\\nx.txt: empty file\n`), index.stdout);
    for (const c of ['\r', '\u001b', '\u202e']) assert.ok(!(index.stdout + index.stderr).includes(c), JSON.stringify(c));
  });

  test('JSON ids that are paths or too long are replaced, others cleaned, each with a warning', () => {
    assert.match(
      index.stdout,
      /id "\.\.\/\.\.\/etc\/passwd" was not used \(it has "\.", "\.\." or empty path segments\); the article's id is "feed#1"/,
    );
    assert.match(index.stdout, /id "\/etc\/shadow" was not used \(it is an absolute path\); the article's id is "feed#2"/);
    assert.match(index.stdout, /it is 5000 characters long, over 100\); the article's id is "feed#5"/);
    assert.match(index.stdout, /id "two\\nlines" held control or direction characters or spaces at its ends; used "twolines"/);
    assert.match(index.stdout, /id "report\\u202etxt\.exe" held control or direction characters/);
    assert.ok(!fs.existsSync(outside), 'nothing is written outside the index');
  });

  test('`sources --json`: the ids as stored, and only http(s) urls', async () => {
    const r = await run(['sources', '--json'], vars);
    assert.equal(r.code, 0, r.stderr);
    const sources = JSON.parse(r.stdout) as Array<{ id: string; url: string | null; title: string | null }>;
    const ids = sources.map((s) => s.id);
    for (const id of ['feed#1', 'feed#2', 'twolines', 'reporttxt.exe', 'feed#5', 'script', 'linked']) assert.ok(ids.includes(id), id);
    assert.ok(!ids.some((id) => id.includes('..') || id.startsWith('/') || id.length > 100));
    assert.equal(sources.find((s) => s.id === 'script')?.url, null);
    assert.equal(sources.find((s) => s.id === 'linked')?.url, 'https://news.example/avonmere-library');
    // File names are ids too: they are stored as they are and printed escaped.
    assert.ok(ids.includes('clear\r\u001b[2Kline'));
    const plain = await run(['sources'], vars);
    assert.ok(plain.stdout.includes('clear\\r\\x1b[2Kline'), plain.stdout);
    assert.ok(!plain.stdout.includes('\r') && !plain.stdout.includes('\u001b'));
  });

  test('`ask --json -`: output line N answers input line N, an empty line gets an error object', async () => {
    const r = await run(['ask', '--json', '-'], vars, 'Why did the US sanction Turkey?\n\n   \nWhen did the Kestrel Bridge open?\n');
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 4);
    assert.equal(out[0]!.question, 'Why did the US sanction Turkey?');
    assert.ok(typeof out[0]!.answer === 'string');
    for (const i of [1, 2]) {
      assert.equal(out[i]!.error, 'The question is empty.');
      assert.equal(out[i]!.code, 'INPUT');
    }
    assert.equal(out[3]!.question, 'When did the Kestrel Bridge open?');
  });

  test('`ask --json -` exits 1 when every line failed', async () => {
    const r = await run(['ask', '--json', '-'], vars, '\n\n');
    assert.equal(r.code, 1);
    assert.equal(r.stdout.trim().split('\n').length, 2);
    assert.match(r.stderr, /every question failed \(2 of 2\)/);
  });
});

test('`status --json` without an index prints an object saying so, and exits 1', async () => {
  const r = await run(['status', '--json'], { INDEX_DIR: path.join(tmp.make(), 'none') });
  assert.equal(r.code, 1);
  const parsed = JSON.parse(r.stdout) as { status: string; message: string };
  assert.equal(parsed.status, 'missing');
  assert.match(parsed.message, /no index yet.*archivist index/i);
});

test('checkJsonId and httpUrl, one by one', () => {
  assert.deepEqual(checkJsonId('business/001', 'f#1'), { id: 'business/001' });
  assert.equal(checkJsonId('a/../b', 'f#1').id, 'f#1');
  assert.equal(checkJsonId('C:\\Windows', 'f#1').id, 'f#1');
  assert.equal(checkJsonId('  ', 'f#1').id, 'f#1');
  assert.equal(checkJsonId(' padded ', 'f#1').id, 'padded');
  assert.equal(checkJsonId('a\u2066b\u2069', 'f#1').id, 'ab');
  assert.equal(httpUrl('javascript:alert(1)'), null);
  assert.equal(httpUrl('JAVASCRIPT:alert(1)'), null);
  assert.equal(httpUrl('file:///etc/passwd'), null);
  assert.equal(httpUrl('data:text/html,<script>'), null);
  assert.equal(httpUrl('//example.com/x'), null);
  assert.equal(httpUrl('https://example.com/a b'), 'https://example.com/a%20b');
  assert.equal(httpUrl('HTTP://Example.com/A'), 'HTTP://Example.com/A');
});

test('printable shows controls, separators and direction overrides as escapes; marks and ordinary text stay', () => {
  assert.equal(printable('a\nb\r\tc\u001b[2K\u0085\u2028\u202e\u2067'), 'a\\nb\\r\\tc\\x1b[2K\\x85\\u2028\\u202e\\u2067');
  assert.equal(printable('Çavuşoğlu — مرحبا\u200f שלום'), 'Çavuşoğlu — مرحبا\u200f שלום');
});
