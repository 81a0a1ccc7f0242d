// The one definition of "supported" (src/answer/support.ts) on labelled claims about the bundled articles
// (test/fixtures/support-claims.json), with the local embedder as the checker uses it: no claim that
// changes a figure, a date, a name or says the opposite is ever supported, and few true ones are refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { checkSupport, missingFacts, sentenceFacts } from '../../src/answer/support.ts';
import { splitSentences } from '../../src/chunk/sentences.ts';
import { loadConfig } from '../../src/config.ts';
import { createEmbedder } from '../../src/embed/create.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { FIXTURES } from '../helpers/env.ts';

interface Labelled {
  passages: Record<string, string>;
  claims: Array<{ claim: string; passage: string; supported: boolean }>;
}

const data = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'support-claims.json'), 'utf8')) as Labelled;

describe('support', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = createEmbedder(loadConfig({ INDEX_DIR: path.join(FIXTURES, 'none'), LOG_LEVEL: 'silent' }, { dotenvPath: false }));
    await embedder.init();
  });
  afterAll(() => embedder?.close());

  test('facts a passage must state: names (aliases, adjective forms, a capital only as itself), numbers, dates, no opposite', () => {
    assert.deepEqual(sentenceFacts('Turkey bought the S-400 on 14 December 2020, Mike Pompeo said.'), {
      names: ['Turkey', 'S-400', 'Mike', 'Pompeo'],
      numbers: ['14'],
      dates: ['December', '2020'],
    });
    // A year is a year before 1500 too (src/shared/years.ts).
    assert.deepEqual(sentenceFacts('King John sealed Magna Carta in 1215.').dates, ['1215']);
    const passage = 'The US punished Turkey on 14 December for buying Russia’s S-400; its foreign ministry called it illegal.';
    assert.deepEqual(missingFacts('The United States sanctioned Türkiye on 14 December over the S-400.', passage), []);
    assert.deepEqual(missingFacts('Washington sanctioned Turkey.', passage), ['Washington'], 'a capital names a place');
    assert.deepEqual(missingFacts('The sanctions were imposed in Ankara on 12 December.', passage), ['Ankara', '12']);
    assert.deepEqual(missingFacts('Turkish officials said the US would leave.', 'The officials asked us to leave.'), ['Turkish', 'US']);
    assert.deepEqual(missingFacts('The ministry did not call it illegal.', passage), ['not'], 'the opposite claim');
    // A sentence of the passage itself states nothing the passage lacks.
    const quoted =
      'Cavusoglu said the sanctions were “an act of aggression against our sovereign rights,” adding that Turkey would not give in. Talks on Nagorno-Karabakh resumed on Nov. 10.';
    assert.deepEqual(
      missingFacts(
        'Cavusoglu said the sanctions were “an act of aggression against our sovereign rights,” adding that Turkey would not give in.',
        quoted,
      ),
      [],
    );
    assert.deepEqual(missingFacts('Talks about Nagorno resumed on Nov. 10.', quoted), []);
  });

  test('labelled claims: no near miss supported, at most a few true claims refused', async () => {
    const wrong: string[] = [];
    let refusedTrue = 0;
    for (const c of data.claims) {
      const passage = data.passages[c.passage]!;
      const sentences = splitSentences(passage).map((s) => s.text);
      const [sentence, ...passageSentences] = await embedder.embed([c.claim, ...sentences]);
      const verdict = checkSupport(c.claim, passage, { vectors: { sentence: sentence!, passageSentences } });
      if (verdict.supported && !c.supported) wrong.push(`supported but false: ${c.claim} (${verdict.score})`);
      if (!verdict.supported && c.supported) refusedTrue++;
    }
    assert.deepEqual(wrong, []);
    const trueClaims = data.claims.filter((c) => c.supported).length;
    assert.ok(refusedTrue <= Math.ceil(trueClaims * 0.15), `${refusedTrue} of ${trueClaims} true claims refused`);
  });
});
