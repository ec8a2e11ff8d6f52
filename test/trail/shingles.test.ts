import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShingleIndex, shingleKeys, words } from '../../src/trail/shingles.js';

const twelve = 'un deux trois quatre cinq six sept huit neuf dix onze douze';

test('words: case, accents and punctuation do not change a run; its keys are equal', () => {
  assert.deepEqual(words("Très   CHER, l'ami"), ['tres', 'cher', 'l', 'ami']);
  assert.deepEqual(
    shingleKeys(words(twelve.toUpperCase().replace('DEUX', 'DÉUX'))),
    shingleKeys(words(`${twelve}.`)),
  );
  assert.notDeepEqual(shingleKeys(words(twelve.replace('deux', 'dos'))), shingleKeys(words(twelve)));
  assert.equal(shingleKeys(words(twelve)).length, 1);
  assert.equal(shingleKeys(words(`${twelve} treize`)).length, 2);
  assert.deepEqual(shingleKeys(words('trop court')), []);
});

test('ShingleIndex: a quote is found with its whole run, boilerplate is not, eleven words are not', () => {
  const footer = 'ce message est confidentiel et reserve a ses destinataires toute diffusion est interdite';
  const idx = new ShingleIndex([
    `alpha ${twelve} treize quatorze. ${footer}`,
    `beta ${footer}`,
    `gamma ${footer}`,
    `delta ${footer}`,
  ]);
  const q = idx.match(`Lu: "${twelve} TREIZE" !`, 3);
  assert.deepEqual([...q.hits.entries()], [[0, { pos: 1, words: `${twelve} treize` }]]);
  assert.equal(idx.match(`lol ${footer}`, 3).hits.size, 0);
  assert.equal(idx.match(`lol ${footer}`, 3).boilerplateOnly, true);
  assert.equal(idx.match(`lol ${footer}`, 4).hits.size, 4, 'under the limit, the footer ties all four');
  assert.equal(idx.match(twelve.split(' ').slice(1).join(' '), 3).hits.size, 0, '11 words are not a quote');
  assert.equal(idx.countShared(3), footer.split(' ').length - 11);
});
