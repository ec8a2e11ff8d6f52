import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signingDomainFlags } from '../../src/verify/signing-domain.js';

const rows = (domain: string, verdicts: Record<string, number>) =>
  Object.entries(verdicts).flatMap(([verdict, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${domain}-${verdict}-${i}`, domain, verdict })),
  );

test('unsigned mail from a domain that verifies ≥ 80% of ≥ 5 messages is flagged, with its rate', () => {
  const flags = signingDomainFlags([
    ...rows('Avancer.example', { verified: 279, 'body-altered': 0, unsigned: 4 }),
    // Signs, but not often enough: 3 of 5 (60%).
    ...rows('bank.example', { verified: 3, unsigned: 2 }),
    // Too few messages to know the habit.
    ...rows('tiny.example', { verified: 3, unsigned: 1 }),
    // Never signs: its unsigned mail is ordinary.
    ...rows('resto.example', { unsigned: 70 }),
    // A third-party signature says nothing of the From domain's habit.
    ...rows('list.example', { 'verified-third-party': 9, unsigned: 1 }),
    { id: 'nodomain', domain: null, verdict: 'unsigned' },
  ]);
  assert.equal(flags.length, 4);
  assert.ok(flags.every((f) => f.itemId.startsWith('Avancer.example-unsigned')));
  assert.deepEqual(flags[0]?.flag.evidence, {
    domain: 'avancer.example',
    verified: 279,
    total: 283,
    rate: 0.9859,
    threshold: 0.8,
  });
  assert.equal(flags[0]?.flag.severity, 'high');
  assert.equal(
    flags[0]?.flag.message,
    'Unsigned, although avancer.example signs 279 of its 283 messages in this dump (98.6%).',
  );
});
