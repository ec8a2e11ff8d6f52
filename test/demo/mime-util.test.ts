import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import PostalMime from 'postal-mime';
import { encodeWord, quotedPrintable, rfc5322Date, zoneOffset } from '../../src/demo/mime-util.js';
import { Rng } from '../../src/demo/prng.js';

describe('demo MIME helpers', () => {
  test('Paris switches to CEST on the last Sunday of March 2017 at 01:00 UTC and back in October', () => {
    assert.equal(zoneOffset('paris', Date.UTC(2017, 2, 26, 0, 59, 59)), 60);
    assert.equal(zoneOffset('paris', Date.UTC(2017, 2, 26, 1, 0, 0)), 120);
    assert.equal(zoneOffset('paris', Date.UTC(2016, 9, 30, 0, 59, 59)), 120);
    assert.equal(zoneOffset('paris', Date.UTC(2016, 9, 30, 1, 0, 0)), 60);
    assert.equal(zoneOffset('new-york', Date.UTC(2017, 2, 12, 6, 59, 59)), -300);
    assert.equal(zoneOffset('new-york', Date.UTC(2017, 2, 12, 7, 0, 0)), -240);
    assert.equal(rfc5322Date(Date.UTC(2017, 2, 28, 8, 12, 1), 120), 'Tue, 28 Mar 2017 10:12:01 +0200');
  });

  test('quoted-printable bodies and encoded-word subjects decode back to the same text (postal-mime)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
        async (body, subject) => {
          const text = body.replace(/\r/g, '');
          const subj = subject.replace(/[\r\n]/g, ' ').trim() || 'x';
          const raw = `Subject: ${encodeWord(subj)}\r\nContent-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(text)}\r\n`;
          const m = await PostalMime.parse(raw);
          assert.equal(m.subject, subj);
          assert.equal((m.text ?? '').replace(/\r\n/g, '\n').replace(/\n$/, ''), text.replace(/\n$/, ''));
          for (const line of quotedPrintable(text).split('\r\n'))
            assert.ok(line.length <= 76, `line of ${line.length}`);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  test('the PRNG is fixed for a seed and forks independently', () => {
    const a = new Rng(2017);
    const b = new Rng(2017);
    const xs = Array.from({ length: 5 }, () => a.u32());
    assert.deepEqual(
      Array.from({ length: 5 }, () => b.u32()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 5 }, () => new Rng(2018).u32()),
      xs,
    );
    const counts = [0, 0, 0, 0, 0, 0];
    const r = new Rng(1);
    for (let i = 0; i < 60_000; i++) counts[r.int(0, 5)]! += 1;
    for (const c of counts) assert.ok(c > 9_500 && c < 10_500, `die face seen ${c} times in 60,000`);
  });
});
