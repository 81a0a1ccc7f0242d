// The url fetcher behind /sources add: schemes, private addresses (checked after DNS), size and
// time limits, redirects. A loopback server stands in for the web.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, test } from 'vitest';
import { FetchError } from '../src/errors.ts';
import { fetchUrl, type FetchPolicy } from '../src/sources/fetch/url.ts';

let server: Server;
let base = '';
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    switch (req.url) {
      case '/article.txt':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('The Heron Tunnel was closed after a flood.');
      case '/big':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' });
        return res.end('x'.repeat(5000));
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        return res.end();
      case '/slow':
        return; // never answers
      case '/redirect':
        res.writeHead(302, { location: '/article.txt' });
        return res.end();
      case '/loop':
        res.writeHead(301, { location: '/loop' });
        return res.end();
      case '/to-ftp':
        res.writeHead(302, { location: 'ftp://example.com/file.txt' });
        return res.end();
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const open: FetchPolicy = { allowPrivate: true, maxBytes: 4096, timeoutMs: 2000 };
const strict: FetchPolicy = { ...open, allowPrivate: false };

const refusal = (pattern: RegExp) => (err: unknown) => err instanceof FetchError && pattern.test(err.message);

test('loopback and private addresses are refused when URL_FETCH_ALLOW_PRIVATE is false, before any request', async () => {
  const before = hits.length;
  await assert.rejects(
    fetchUrl(`${base}/article.txt`, strict),
    refusal(/127\.0\.0\.1 points to a private, loopback or link-local address/),
  );
  // A name is resolved first, and every address it resolves to is checked.
  await assert.rejects(fetchUrl(`http://localhost:${port}/article.txt`, strict), refusal(/localhost points to a private/));
  await assert.rejects(fetchUrl('http://169.254.169.254/latest/meta-data/', strict), refusal(/private/));
  await assert.rejects(fetchUrl('http://[::1]/', strict), refusal(/private/));
  assert.equal(hits.length, before, 'no request was made');
});

test('with private addresses allowed, a url is fetched with its content type', async () => {
  const fetched = await fetchUrl(`${base}/article.txt`, open);
  assert.equal(fetched.body.toString('utf8'), 'The Heron Tunnel was closed after a flood.');
  assert.equal(fetched.contentType, 'text/plain');
  const redirected = await fetchUrl(`${base}/redirect`, open);
  assert.equal(redirected.finalUrl.pathname, '/article.txt');
});

test('only http(s) urls without credentials', async () => {
  await assert.rejects(fetchUrl('file:///etc/passwd', open), refusal(/Only http and https/));
  await assert.rejects(fetchUrl('ftp://example.com/a.txt', open), refusal(/Only http and https/));
  await assert.rejects(fetchUrl(`http://user:pw@127.0.0.1:${port}/article.txt`, open), refusal(/credentials/));
  await assert.rejects(fetchUrl('not a url', open), refusal(/not a valid url/));
  await assert.rejects(fetchUrl(`${base}/to-ftp`, open), refusal(/Only http and https/));
});

test('size, time, redirect and status limits', async () => {
  await assert.rejects(fetchUrl(`${base}/big`, open), refusal(/5000 bytes, over the 4096-byte limit/));
  await assert.rejects(fetchUrl(`${base}/big-chunked`, open), refusal(/over the 4096-byte limit/));
  await assert.rejects(fetchUrl(`${base}/slow`, { ...open, timeoutMs: 300 }), refusal(/took longer than/));
  await assert.rejects(fetchUrl(`${base}/loop`, open), refusal(/more than 3 redirects/));
  await assert.rejects(fetchUrl(`${base}/missing`, open), refusal(/HTTP 404/));
});
