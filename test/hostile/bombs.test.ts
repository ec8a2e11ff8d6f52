import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { gunzipBounded, RUNNING_RATIO_FLOOR } from '../../src/ingest/archives/gunzip-bounded.js';
import { assertNormalsIngested, failuresOf, ingestHostile } from './helpers.js';

/**
 * A 4 GiB gzip bomb in about 4 MB: 64 concatenated members (RFC 1952 §2.2) of 64 MiB of zeros each,
 * at deflate's ~1,030:1; only the 2 GiB per-file cap stopped it before (issue #18).
 */
function concatenatedBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(64 << 20));
  return Buffer.concat(Array.from({ length: 64 }, () => member));
}

test('a gzip bomb stops at the running ratio, not after inflating to the cap', async () => {
  const bomb = concatenatedBomb();
  assert.ok(bomb.length < 5 << 20);
  const r = await gunzipBounded(bomb, 2 * 1024 ** 3 - 1, 1000);
  assert.ok('overCap' in r && r.byRatio);
  // Stopped within one step (16 KB in, at most ~17 MB out) of the floor.
  assert.ok(r.inflated < RUNNING_RATIO_FLOOR + (20 << 20), `inflated ${r.inflated}`);
  // An ordinary stream passes untouched.
  const text = Buffer.from('La facture est réglée. '.repeat(100_000));
  const ok = await gunzipBounded(gzipSync(text), 1 << 30, 1000);
  assert.ok('ok' in ok && ok.ok.equals(text));
});

test('a folder with a gzip bomb ingests the files beside it and records the bomb', async (t) => {
  const { store, summary } = await ingestHostile(t, { 'bomb.bin.gz': concatenatedBomb() }, { workers: 2 });
  assert.equal(summary.files, 3);
  assertNormalsIngested(store);
  assert.deepEqual(
    failuresOf(store, 'bomb.bin.gz').map((f) => [
      f.provenance.split('/').pop(),
      f.reason,
      f.message.replace(/^.*?: /, ''),
    ]),
    [
      [
        'bomb.bin',
        'zip-bomb',
        'decompressed data would expand to more than 1000:1 compression (maxCompressionRatio); not extracted',
      ],
    ],
  );
});
