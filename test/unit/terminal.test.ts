// How the CLI and the chat print an answer's bold direct answer: in bold on a terminal, as typed elsewhere.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'vitest';
import { forTerminal } from '../../src/cli/format.ts';

const answer = '**Hakan Fidan** [1]. Russia expects the meeting with his counterpart Hakan Fidan to help. [1]';

function stream(tty: boolean): NodeJS.WritableStream {
  return Object.assign(new PassThrough(), { isTTY: tty });
}

test('a terminal shows the direct answer in bold, without the asterisks', () => {
  const shown = forTerminal(answer, stream(true), {});
  assert.ok(shown.startsWith('\x1b[1mHakan Fidan\x1b[22m [1]. '), JSON.stringify(shown));
  assert.ok(!shown.includes('**'));
});

test('a pipe, a file or NO_COLOR keeps the markdown as written', () => {
  assert.equal(forTerminal(answer, stream(false), {}), answer);
  assert.equal(forTerminal(answer, stream(true), { NO_COLOR: '1' }), answer);
});
