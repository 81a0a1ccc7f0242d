// Topic summary points grouped by the names they share.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import { groupBySubtopic, namesOf } from '../../src/answer/subtopics.ts';

const p = (text: string) => ({ text });

test('names are keyed by their folded last word; sentence openers are not names', () => {
  assert.deepEqual(
    [...namesOf('Regarding the crisis in Libya, Mevlüt Çavuşoğlu said no one has the right.').entries()],
    [
      ['libya', 'Libya'],
      ['cavusoglu', 'Çavuşoğlu'],
    ],
  );
});

test('points sharing a name the topic does not contain are grouped under it, the rest under "Also"', () => {
  const points = [
    p('Brazil said it would not accept a coffee export quota cut.'),
    p('The ICO council failed to agree on coffee quotas.'),
    p('Brazil set a minimum export price for coffee.'),
    p('Colombia opened coffee export registrations.'),
    p('ICO producers will meet again in June on coffee.'),
  ];
  const groups = groupBySubtopic(points, 'coffee');
  assert.deepEqual(
    groups.map((g) => [g.heading, g.points.map((x) => points.indexOf(x))]),
    [
      ['Brazil', [0, 2]],
      ['ICO', [1, 4]],
      [null, [3]],
    ],
  );
});

test('no headings for few points, for names every point shares, or for names common to the background', () => {
  const few = [p('Lavrov met Fidan.'), p('Fidan met Lavrov.')];
  assert.deepEqual(groupBySubtopic(few, 'meeting'), [{ heading: null, points: few }]);
  const points = [p('Turkey and Syria.'), p('Turkey and Libya.'), p('Turkey and Iran.'), p('Turkey and NATO.')];
  assert.equal(groupBySubtopic(points, 'talks')[0]?.heading, null);
  const shared = [p('Lavrov on Syria.'), p('Lavrov on Libya.'), p('Cavusoglu on Iran.'), p('Cavusoglu on NATO.')];
  assert.equal(groupBySubtopic(shared, 'talks')[0]?.heading, 'Lavrov');
  assert.equal(
    groupBySubtopic(shared, 'talks', ['Lavrov', 'Lavrov and Cavusoglu', 'Lavrov said']).find((g) => g.heading === 'Lavrov'),
    undefined,
  );
});
