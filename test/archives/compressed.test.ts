import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { bzip2Ingestor } from '../../src/ingest/archives/bzip2.js';
import { gzipIngestor } from '../../src/ingest/archives/gzip.js';
import { innerName } from '../../src/ingest/archives/single-stream.js';
import type { IngestError } from '../../src/ingest/ingestor.js';
import { FIXTURES } from '../helpers.js';
import { collect, inputOf } from './input.js';

const fixture = (n: string) => readFileSync(`${FIXTURES}archives/${n}`);
const FACTURE = Buffer.from(
  'From: Alice <alice@example.org>\nTo: bob@example.org\nSubject: facture mars\nMessage-ID: <bz2-1@example.org>\nDate: Mon, 27 Mar 2017 09:00:00 +0200\n\nVoici la facture.\n',
);
const rejects = (p: Promise<unknown>, reason: string, message: string | RegExp) =>
  assert.rejects(p, (e: IngestError) => {
    assert.equal(e.reason, reason);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

describe('gzip and bzip2 ingestors', () => {
  it('names the inner file after the outer one', () => {
    assert.equal(innerName('inbox.mbox.gz', ['gz'], { tgz: 'tar' }), 'inbox.mbox');
    assert.equal(innerName('dump.tgz', ['gz'], { tgz: 'tar' }), 'dump.tar');
    assert.equal(innerName('blob', ['gz'], { tgz: 'tar' }, 'orig.eml'), 'orig.eml');
    assert.equal(innerName('blob', ['gz'], { tgz: 'tar' }), 'blob.out');
  });

  it('gzip: one child, concatenated members joined, tgz becomes tar', async () => {
    const gz = Buffer.concat([gzipSync(FACTURE.subarray(0, 50)), gzipSync(FACTURE.subarray(50))]);
    const r = await collect(() => gzipIngestor.ingest(inputOf(gz, 'facture.eml.gz')));
    assert.ok(r.out.kind === 'Folder');
    assert.deepEqual(r.out.folder, { format: 'gz', name: 'facture.eml.gz', entries: 1, warnings: [] });
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.name]),
      [['!/facture.eml', 'facture.eml']],
    );
    assert.ok(r.ok[0]!.data.equals(FACTURE));
    const t = await collect(() => gzipIngestor.ingest(inputOf(gzipSync(Buffer.from('x')), 'a.tgz')));
    assert.equal(t.ok[0]!.provenanceSuffix, '!/a.tar');
  });

  it('gzip: a truncated stream keeps what inflated before the cut', async () => {
    const big = Buffer.from('La facture est réglée. '.repeat(4000));
    const gz = gzipSync(big);
    const r = await collect(() => gzipIngestor.ingest(inputOf(gz.subarray(0, gz.length / 2), 'x.txt.gz')));
    assert.equal(r.error?.reason, 'truncated');
    const got = r.ok[0]!.data;
    assert.ok(got.length > 0 && got.length < big.length);
    assert.ok(big.subarray(0, got.length).equals(got));
    assert.equal(
      r.error?.message,
      `x.txt.gz: gz stream ends early (unexpected end of file); the ${got.length} bytes readable before the cut are kept as x.txt`,
    );
  });

  it('gzip: a bomb stops at the ratio cap; zero-byte and garbage files fail exactly', async () => {
    const bomb = gzipSync(Buffer.alloc(30 << 20));
    const r = await collect(() =>
      gzipIngestor.ingest(inputOf(bomb, 'zeros.gz', { maxCompressionRatio: 100 })),
    );
    assert.deepEqual(r.ok, []);
    assert.deepEqual(
      r.failed.map((f) => [f.provenanceSuffix, f.reason, f.message, f.data]),
      [
        [
          '!/zeros',
          'zip-bomb',
          'zeros.gz!/zeros: decompressed data would expand to more than 100:1 compression (maxCompressionRatio); not extracted',
          undefined,
        ],
      ],
    );
    await rejects(
      gzipIngestor.ingest(inputOf(Buffer.alloc(0), 'e.gz')),
      'empty',
      'e.gz: zero-byte file named as gzip',
    );
    await rejects(
      gzipIngestor.ingest(inputOf(Buffer.from('plain text'), 'junk.gz')),
      'corrupt',
      'junk.gz: not a gzip stream (no 1f 8b 08 header)',
    );
    const badBody = Buffer.concat([
      gzipSync(Buffer.from('x')).subarray(0, 10),
      Buffer.from([0xff, 0xff, 0xff, 0xff]),
    ]);
    await rejects(
      gzipIngestor.ingest(inputOf(badBody, 'bad.gz')),
      'corrupt',
      /^bad\.gz: not a readable gz stream \(invalid block type\)$/,
    );
  });

  it('bzip2: decodes a real bzip2 file and a multistream file', async () => {
    const r = await collect(() =>
      bzip2Ingestor.ingest(inputOf(fixture('facture.eml.bz2'), 'facture.eml.bz2')),
    );
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/facture.eml'],
    );
    assert.ok(r.ok[0]!.data.equals(FACTURE));
    const m = await collect(() =>
      bzip2Ingestor.ingest(inputOf(fixture('multistream.txt.bz2'), 'multistream.txt.bz2')),
    );
    assert.equal(m.ok[0]!.data.toString(), `${FACTURE.toString()}second stream\n`);
  });

  it('bzip2: a 200,000:1 bomb stops at the cap; truncated, zero-byte and garbage inputs fail exactly', async () => {
    const r = await collect(() => bzip2Ingestor.ingest(inputOf(fixture('zeros-10m.bz2'), 'zeros-10m.bz2')));
    assert.deepEqual(r.ok, []);
    assert.equal(r.failed[0]!.reason, 'zip-bomb');
    assert.equal(
      r.failed[0]!.message,
      'zeros-10m.bz2!/zeros-10m: decompressed data would expand to more than 1000:1 compression (maxCompressionRatio); not extracted',
    );
    const cut = fixture('facture.eml.bz2').subarray(0, 80);
    const t = await collect(() => bzip2Ingestor.ingest(inputOf(cut, 'facture.eml.bz2')));
    assert.equal(t.error?.reason, 'truncated');
    assert.match(
      t.error!.message,
      /^facture\.eml\.bz2: bz2 stream ends early \(unexpected end of data\); the \d+ bytes readable before the cut are kept as facture\.eml$/,
    );
    await rejects(
      bzip2Ingestor.ingest(inputOf(Buffer.alloc(0), 'e.bz2')),
      'empty',
      'e.bz2: zero-byte file named as bzip2',
    );
    await rejects(
      bzip2Ingestor.ingest(inputOf(Buffer.from('not bzip'), 'j.bz2')),
      'corrupt',
      'j.bz2: not a bzip2 stream (no BZh header)',
    );
    const bad = Buffer.concat([Buffer.from('BZh9'), Buffer.alloc(40, 0x55)]);
    await rejects(
      bzip2Ingestor.ingest(inputOf(bad, 'bad.bz2')),
      'corrupt',
      /^bad\.bz2: not a readable bz2 stream \(/,
    );
  });
});
