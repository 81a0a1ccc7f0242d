// A follow-up borrows from the conversation only what it lacks.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import { resolveFollowUp } from '../../src/answer/follow-up.ts';

const read = (question: string, history: string[]) => resolveFollowUp(question, history).query;

test('a follow-up that names its speaker and its topic borrows nothing', () => {
  const r = resolveFollowUp('and what did Cavusoglu say about Libya?', ['Why did the US sanction Turkey?']);
  assert.equal(r.query, 'and what did Cavusoglu say about Libya?');
  assert.equal(r.keywordText, r.query);
  assert.deepEqual(r.borrowed, []);
  assert.equal(read('What is the capital of Australia?', ['Why did the US sanction Turkey?']), 'What is the capital of Australia?');
});

test('"he" borrows the speaker and "it" the topic', () => {
  const r = resolveFollowUp('and what did he say about it?', ['What did Cavusoglu say about the sanctions?']);
  assert.equal(r.query, 'and what did Cavusoglu say about the sanctions?');
  assert.deepEqual(r.borrowed, ['Cavusoglu', 'the sanctions']);
  assert.equal(
    read('What did Cavusoglu say about it?', ['Why did the US sanction Turkey?']),
    'What did Cavusoglu say about the US sanction Turkey?',
  );
  assert.equal(read('Did his ministry sign anything?', ['What did Lavrov say about Syria?']), "Did Lavrov's ministry sign anything?");
  assert.equal(
    read('How many times did they meet?', ['What did Putin and Erdogan discuss?']),
    'How many times did Putin and Erdogan meet?',
  );
  assert.equal(
    read('What did they discuss there?', ['Did Lavrov and Cavusoglu meet in Sochi?']),
    'What did Lavrov and Cavusoglu discuss in Sochi?',
  );
});

test('"what about X" keeps the question and changes the slot of X: the speaker, the topic or the year', () => {
  const sanctions = ['What did Cavusoglu say about the sanctions?'];
  assert.equal(read('what about Lavrov?', sanctions), 'What did Lavrov say about the sanctions?');
  assert.equal(read('what about Libya?', sanctions), 'What did Cavusoglu say about Libya?');
  assert.equal(
    read('and in 2023?', ['How many phone calls did Putin and Erdogan have in 2020?']),
    'How many phone calls did Putin and Erdogan have in 2023?',
  );
  assert.equal(
    read('and how many ministerial meetings?', ['How many phone conversations did Putin and Erdogan have in 2023?']),
    'how many ministerial meetings did Putin and Erdogan have in 2023?',
  );
});

test('the whole history is read in order: a chain of follow-ups keeps its thread', () => {
  const history = ['Why did the US sanction Turkey?', 'and what did Cavusoglu say about it?'];
  assert.equal(read('and what did he say about Libya?', history), 'and what did Cavusoglu say about Libya?');
  assert.equal(read('what about Lavrov?', [...history, 'and what did he say about Libya?']), 'and what did Lavrov say about Libya?');
});

test('a question too short to stand alone takes the whole earlier question; no history, nothing borrowed', () => {
  assert.equal(read('Why?', ['Why did the US sanction Turkey?']), 'Why did the US sanction Turkey? Why?');
  assert.equal(read('and what did he say about it?', []), 'and what did he say about it?');
});
