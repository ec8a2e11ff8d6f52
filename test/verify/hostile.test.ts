/**
 * Hostile and broken input: verifyMessage never throws; malformed signatures give
 * signature-invalid with the exact reason (fast-check, seeded).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { verifyMessage } from '../../src/verify/message.js';
import { candidate, fixture, lookup, plainMessage } from './helpers.js';

const keys = lookup([
  candidate(
    'example.fr',
    's1',
    'v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB',
  ),
]);

test('arbitrary bytes: a verdict, never an exception', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
      const v = await verifyMessage(Buffer.from(bytes), { keys });
      assert.ok(typeof v.verdict === 'string');
    }),
    { numRuns: 300, seed: 4 },
  );
});

test('arbitrary DKIM-Signature and ARC values: a verdict, never an exception', async () => {
  const tag = fc.constantFrom(
    'v=1',
    'a=rsa-sha256',
    'd=example.fr',
    's=s1',
    'h=from:to',
    'bh=AAAA',
    'b=AAAA',
    'l=5',
    'l=x',
    'c=relaxed/relaxed',
    'c=foo',
    't=1',
    'x=0',
    'i=@other.org',
    'i=1',
    'cv=none',
    '',
    '=',
    ';',
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(tag, { maxLength: 12 }),
      fc.constantFrom('DKIM-Signature', 'ARC-Seal', 'ARC-Message-Signature', 'ARC-Authentication-Results'),
      async (tags, name) => {
        const v = await verifyMessage(Buffer.from(`${name}: ${tags.join('; ')}\r\n${plainMessage()}`), {
          keys,
        });
        assert.ok(typeof v.verdict === 'string');
      },
    ),
    { numRuns: 300, seed: 5 },
  );
});

test('malformed signatures: signature-invalid with the exact reason', async () => {
  const cases: [string, string][] = [
    ['a=rsa-sha256; d=example.fr; s=s1; h=from; bh=AAAA; b=AAAA', 'missing or unknown v= (must be 1)'],
    ['v=1; a=rsa-md5; d=example.fr; s=s1; h=from; bh=AAAA; b=AAAA', 'unsupported algorithm rsa-md5'],
    [
      'v=1; a=rsa-sha256; d=example.fr; s=s1; h=to:subject; bh=AAAA; b=AAAA',
      'h= does not include From (RFC 6376 §5.4)',
    ],
    ['v=1; a=rsa-sha256; d=example.fr; s=s1; h=from; bh=AAAA', 'missing b= tag'],
    [
      'v=1; a=rsa-sha256; d=example.fr; s=s1; h=from; bh=AAAA; b=AAAA; i=x@evil.org',
      'i= domain evil.org is not d= example.fr or a subdomain',
    ],
    ['v=1; a=rsa-sha256; d=example.fr; s=s1; h=from; bh=AAAA; b=AAAA; l=ten', 'malformed l= tag'],
    ['v=1; a=rsa-sha256; d=example.fr; s=s1; h=from; bh=AAAA; b=AAAA; t=200; x=100', 'x= is earlier than t='],
    [
      'v=1; a=rsa-sha256; c=fancy/simple; d=example.fr; s=s1; h=from; bh=AAAA; b=AAAA',
      'unknown canonicalization fancy/simple',
    ],
  ];
  for (const [value, reason] of cases) {
    const v = await verifyMessage(Buffer.from(`DKIM-Signature: ${value}\r\n${plainMessage()}`), { keys });
    assert.equal(v.verdict, 'signature-invalid', value);
    assert.deepEqual([v.signatures[0]?.headerResult, v.signatures[0]?.comment], ['invalid', reason], value);
    assert.match(v.reason, /is malformed/);
  }
});

test('an empty file and a headers-only message are unsigned', async () => {
  assert.equal((await verifyMessage(Buffer.alloc(0), { keys })).verdict, 'unsigned');
  assert.equal((await verifyMessage(Buffer.from('From: a@b.c\r\n'), { keys })).verdict, 'unsigned');
  assert.equal((await verifyMessage(fixture('dkimpy/test.message'), { keys })).verdict, 'unsigned');
});
