// The LLM answerer through the real openai SDK against a loopback fake of the chat completions API.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { assertCitationsReal, chunkLookup } from './integrity.ts';
import { buildBundledIndex, type Built } from './setup.ts';

interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

describe('LLM answerer (OpenAI-compatible server)', () => {
  let server: http.Server;
  let built: Built;
  const requests: ChatRequest[] = [];
  const auth: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
          return;
        }
        const parsed = JSON.parse(body) as ChatRequest;
        requests.push(parsed);
        auth.push(String(req.headers.authorization));
        const user = parsed.messages.find((m) => m.role === 'user')!.content;
        // Like a model: answer from the passages it was given, or say it cannot.
        const content = /Question: .*Fidan/.test(user)
          ? 'NOT_COVERED'
          : 'The US sanctioned Turkey for buying the Russian S-400 air defence system [2]. Turkey called the sanctions illegitimate [1][9].';
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 0,
            model: parsed.model,
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    built = await buildBundledIndex({
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_API_KEY: 'sk-test-secret',
      OPENAI_CHAT_MODEL: 'fake-model',
    });
  });
  afterAll(async () => {
    await built?.close();
    server.closeAllConnections();
    server.close();
  });

  test('answers come from the model, with citations renumbered to the passages it cited', async () => {
    const r = await built.archive.ask('Why did the US sanction Turkey?');
    assert.equal(r.answerer, 'llm');
    assert.equal(r.refused, false);
    const last = requests.at(-1)!;
    assert.equal(last.model, 'fake-model');
    assert.match(last.messages[1]!.content, /\[1\][\s\S]*\[2\]/, 'passages are numbered in the prompt');
    assert.match(last.messages[1]!.content, /Question: Why did the US sanction Turkey\?/);
    assert.equal(auth.at(-1), 'Bearer sk-test-secret');
    // [9] named no passage and is dropped; [2] came first so it becomes [1].
    assert.match(r.answer, /S-400 air defence system \[1\]\. Turkey called the sanctions illegitimate \[2\]\.$/);
    assert.equal(r.citations.length, 2);
    assertCitationsReal(r.answer, r.citations, chunkLookup(built.config.indexDir), 'llm', false);
  });

  test('the model is not asked when retrieval finds nothing; "NOT_COVERED" is a refusal', async () => {
    const before = requests.length;
    const r = await built.archive.ask('Who won the 2022 World Cup?');
    assert.equal(r.refused, true);
    assert.equal(requests.length, before, 'no request for a question the articles do not cover');
    assert.deepEqual(r.citations, []);
    const declined = await built.archive.ask('When will Lavrov and Fidan meet?');
    assert.equal(requests.length, before + 1);
    assert.equal(declined.refused, true);
    assert.equal(declined.answer, "The articles don't cover this.");
    assert.deepEqual(declined.citations, []);
  });

  test('summaries go through the model too', async () => {
    const r = await built.archive.summarize({ kind: 'topic', topic: 'S-400 sanctions' });
    assert.equal(r.answerer, 'llm');
    assert.match(requests.at(-1)!.messages[1]!.content, /Summarise what the articles say about: S-400 sanctions/);
    assert.ok(r.citations.length >= 1);
  });
});
