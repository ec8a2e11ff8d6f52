import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdentityResolver, nameKey } from '../../src/analyze/identities.js';

test('identities: nameKey ignores order, case, accents and titles', () => {
  assert.equal(nameKey('DUPONT Jean'), nameKey('Jean Dupont'));
  assert.equal(nameKey('Dupont, Jean'), nameKey('M. Jean Dupont'));
  assert.equal(nameKey('Hélène Lefèvre'), nameKey('LEFEVRE Helene'));
  assert.equal(nameKey('Jean'), '', 'one word is too ambiguous');
});

test('identities: the forms of one person merge; others stay apart', () => {
  const r = new IdentityResolver();
  r.add('Jean Dupont', 'jd@x.fr');
  r.add('DUPONT Jean', null);
  r.add(null, 'jd@x.fr');
  r.add(null, 'jean.dupont@perso.fr');
  r.add('J. Dupont', null);
  r.add('Marie Dupont', 'marie@x.fr');
  r.add('Paul Martin', 'pm@x.fr');
  r.add('Paul Martin', 'pm@x.fr');
  const ids = r.resolve();
  const jean = ids.find((i) => i.addresses.includes('jd@x.fr'))!;
  assert.equal(jean.name, 'Jean Dupont');
  assert.deepEqual(jean.addresses, ['jd@x.fr', 'jean.dupont@perso.fr']);
  assert.deepEqual(
    [...jean.names].sort(),
    ['DUPONT Jean', 'J. Dupont', 'Jean Dupont'].map((n) => n.replace('DUPONT', 'Dupont')).sort(),
  );
  assert.ok(
    ids.find((i) => i.addresses.includes('marie@x.fr'))!.id !== jean.id,
    'Marie Dupont is someone else',
  );
  assert.equal(ids.length, 3);
});

test('identities: a shared service address does not merge the people writing through it', () => {
  const r = new IdentityResolver();
  for (const n of ['Alice Roux (jira)', 'Bob Noir (jira)', 'Carl Vert (jira)', 'Dina Bleu (jira)'])
    r.add(n, 'jira@apache.org');
  const ids = r.resolve();
  assert.equal(ids.length, 5);
});

test('identities: initials do not merge two people who each have their own address', () => {
  const r = new IdentityResolver();
  r.add('A. Person', 'a.person@example.com');
  r.add('Another Person', 'another.person@example.com');
  assert.equal(r.resolve().length, 2);
});
