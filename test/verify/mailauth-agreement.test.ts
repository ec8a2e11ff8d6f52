/**
 * Our DKIM verifier and mailauth's (an independent implementation) agree on pass/fail for random
 * messages, canonicalisations and tamperings (fast-check; seeded, so the run is reproducible).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { archiveResolver } from '../../src/verify/arc.js';
import { verifyMessage } from '../../src/verify/message.js';
import { candidate, lookup, plainMessage, rsaKey, sign } from './helpers.js';

const key = rsaKey(1024);
const keys = lookup([candidate('example.fr', 's1', key.record)]);
const tamper: Record<string, (m: string) => string> = {
  none: (m) => m,
  subject: (m) => m.replace('Subject: Budget', 'Subject: Bidget'),
  body: (m) => m.replace(/Jean\r\n$/, 'Jeanne\r\n'),
  trailingSpace: (m) => m.replace('Bonjour Marie,', 'Bonjour Marie,  '),
  blankLines: (m) => `${m}\r\n\r\n`,
  headerFolding: (m) => m.replace('To: Marie Curie', 'To:\r\n  Marie   Curie'),
  headerCase: (m) => m.replace('Subject:', 'SUBJECT:'),
};

test('pass/fail identical to mailauth on generated messages', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('relaxed/relaxed', 'simple/simple', 'relaxed/simple', 'simple/relaxed'),
      fc.constantFrom(...Object.keys(tamper)),
      fc.string({
        minLength: 0,
        maxLength: 200,
        unit: fc.constantFrom('a', 'é', ' ', '\t', '\r\n', 'x', '.'),
      }),
      async (canonicalization, how, text) => {
        const body = `Bonjour Marie,\r\n${text}\r\nJean\r\n`;
        const signed = await sign(plainMessage({ body }), {
          domain: 'example.fr',
          selector: 's1',
          key,
          canonicalization,
        });
        const raw = Buffer.from((tamper[how] ?? ((m: string) => m))(signed));
        const ours = await verifyMessage(raw, { keys });
        const theirs = await dkimVerify(raw, {
          resolver: archiveResolver(keys) as never,
          curTime: new Date('2017-05-06') as never,
        });
        const mailauthPass = theirs.results[0]?.status.result === 'pass';
        assert.equal(
          ours.verdict === 'verified',
          mailauthPass,
          `${canonicalization} ${how} ${JSON.stringify(text)}`,
        );
      },
    ),
    { numRuns: 120, seed: 2017 },
  );
});
