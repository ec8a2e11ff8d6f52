import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractEntities } from '../../src/analyze/entities/index.js';
import { mask, sensitiveHits } from '../../src/analyze/sensitivity.js';

const kinds = (t: string) =>
  sensitiveHits(t, extractEntities(t))
    .map((h) => h.kind)
    .sort();

test('sensitivity: secrets, bank, card, identity numbers, health and personal data are flagged', () => {
  assert.deepEqual(kinds('Ton mot de passe : Tr0ub4dor&3 pour le wifi'), ['sensitive-password']);
  assert.deepEqual(kinds('password is hunter22'), ['sensitive-password']);
  assert.deepEqual(kinds('aws key AKIAIOSFODNN7EXAMPLE'), ['sensitive-secret']);
  assert.deepEqual(kinds('-----BEGIN RSA PRIVATE KEY-----\nMIIE'), ['sensitive-secret']);
  assert.deepEqual(kinds('RIB : FR14 2004 1010 0505 0001 3M02 606'), ['sensitive-bank']);
  assert.deepEqual(kinds('carte 4970 1012 3456 7893 exp 04/19'), ['sensitive-card']);
  // NIR with its valid key (97 - n mod 97).
  assert.deepEqual(kinds('N° sécu 1 85 05 78 006 084 91'), ['sensitive-id-document']);
  assert.deepEqual(kinds('passeport n° 15AB12345'), ['sensitive-id-document']);
  assert.deepEqual(kinds('Il est en arrêt maladie depuis lundi'), ['sensitive-health']);
  assert.deepEqual(kinds('Date de naissance : 12/03/1980'), ['sensitive-personal']);
});

test('sensitivity: look-alikes are not flagged', () => {
  assert.deepEqual(kinds('Le mot de passe sera envoyé demain.'), []);
  assert.deepEqual(kinds('RIB : FR14 2004 1010 0505 0001 3M02 607'), [], 'invalid IBAN');
  assert.deepEqual(kinds('N° 1 85 05 78 006 084 92'), [], 'NIR with a wrong key');
  assert.deepEqual(kinds('Réunion budget lundi, facture 1 200 €'), []);
});

test('sensitivity: evidence is masked', () => {
  const [h] = sensitiveHits('mot de passe : Tr0ub4dor&3', []);
  assert.equal(h!.excerpt, 'Tr*******&3');
  assert.equal(mask('abc'), '***');
});
