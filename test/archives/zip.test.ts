import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { zipIngestor } from '../../src/ingest/archives/zip.js';
import type { IngestError } from '../../src/ingest/ingestor.js';
import { collect, inputOf } from './input.js';
import { overlapBomb, writeZip } from './zip-writer.js';

const EML = Buffer.from('From: a@example.org\r\nSubject: réunion\r\n\r\nBonjour\r\n');
const run = (buf: Buffer, name = 'dump.zip', limits = {}, expanded = 0) =>
  collect(() => zipIngestor.ingest(inputOf(buf, name, limits, expanded)));

describe('zip ingestor', () => {
  it('scores by magic bytes above the extension', () => {
    const head = zipSync({ 'a.txt': new Uint8Array([1]) });
    assert.equal(zipIngestor.score({ name: 'x', ext: '', head, size: head.length }), 50);
    assert.equal(zipIngestor.score({ name: 'x.zip', ext: 'zip', head: new Uint8Array(4), size: 4 }), 20);
    assert.equal(zipIngestor.score({ name: 'x.txt', ext: 'txt', head: new Uint8Array(4), size: 4 }), 0);
  });

  it('emits every file of an fflate zip with its path, skipping directory records', async () => {
    const zip = Buffer.from(
      zipSync({
        'mail/': {},
        'mail/1.eml': EML,
        'notes.txt': Buffer.from('hello'),
        'empty.txt': new Uint8Array(0),
      }),
    );
    const r = await run(zip);
    assert.equal(r.error, null);
    assert.deepEqual(r.out.kind === 'Folder' && r.out.folder, {
      format: 'zip',
      name: 'dump.zip',
      entries: 3,
      warnings: [],
    });
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.name, c.data.length]),
      [
        ['!/mail/1.eml', '1.eml', EML.length],
        ['!/notes.txt', 'notes.txt', 5],
        ['!/empty.txt', 'empty.txt', 0],
      ],
    );
    assert.ok(r.ok[0]!.data.equals(EML));
    assert.deepEqual(r.failed, []);
  });

  it('keeps traversal and absolute names, normalised to safe relative provenance, and notes them', async () => {
    const zip = writeZip([
      { name: '../../etc/passwd', data: Buffer.from('root') },
      { name: '/abs/x.txt', data: Buffer.from('abs') },
      { name: 'C:\\win\\y.txt', data: Buffer.from('win') },
      { name: 'a/../../b.txt', data: Buffer.from('b') },
      { name: 'ok.txt', data: Buffer.from('ok') },
    ]);
    const r = await run(zip);
    assert.deepEqual(r.failed, []);
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.toString()]),
      [
        ['!/etc/passwd', 'root'],
        ['!/abs/x.txt', 'abs'],
        ['!/win/y.txt', 'win'],
        ['!/b.txt', 'b'],
        ['!/ok.txt', 'ok'],
      ],
    );
    assert.ok(r.out.kind === 'Folder');
    assert.deepEqual(r.out.folder.warnings, [
      'unsafe entry name "../../etc/passwd" (escapes the archive root with ..) recorded as "etc/passwd"',
      'unsafe entry name "/abs/x.txt" (absolute path) recorded as "abs/x.txt"',
      'unsafe entry name "C:\\\\win\\\\y.txt" (drive letter) recorded as "win/y.txt"',
      'unsafe entry name "a/../../b.txt" (escapes the archive root with ..) recorded as "b.txt"',
    ]);
  });

  it('does not hide data stored under a directory name', async () => {
    const zip = writeZip([
      { name: 'empty-dir/', data: Buffer.alloc(0), method: 0 },
      { name: 'hidden/', data: Buffer.from('data behind a directory name') },
    ]);
    const r = await run(zip);
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.toString()]),
      [['!/hidden', 'data behind a directory name']],
    );
  });

  it('decodes CP437, Shift-JIS and invalid UTF-8 names', async () => {
    const zip = writeZip([
      {
        name: Buffer.from([0x72, 0x82, 0x75, 0x6e, 0x69, 0x6f, 0x6e, 0x2e, 0x74, 0x78, 0x74]),
        data: Buffer.from('1'),
        flags: 0,
      },
      { name: iconv.encode('日本語の書類.txt', 'cp932'), data: Buffer.from('2'), flags: 0 },
      {
        name: Buffer.from([0x66, 0xff, 0xc3, 0xa9, 0x2e, 0x74, 0x78, 0x74]),
        data: Buffer.from('3'),
        flags: 0x800,
      },
      { name: Buffer.from('café.txt', 'utf8'), data: Buffer.from('4'), flags: 0 },
    ]);
    const r = await run(zip);
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/réunion.txt', '!/日本語の書類.txt', '!/f%FFé.txt', '!/café.txt'],
    );
    assert.ok(r.out.kind === 'Folder');
    assert.deepEqual(r.out.folder.warnings, [
      '1 entry names decoded as CP437',
      '1 entry names decoded as SHIFT_JIS',
      '1 entry names flagged UTF-8 are not valid UTF-8; bad bytes kept as %XX',
    ]);
  });

  it('records an encrypted entry as "encrypted" with its raw bytes, and extracts the rest', async () => {
    const cipher = Buffer.from('0123456789abcdef0123456789abcdef');
    const zip = writeZip([
      { name: 'secret.xlsx', data: Buffer.from('plaintext'), stored: cipher, flags: 0x801 },
      { name: 'open.txt', data: Buffer.from('visible') },
    ]);
    const r = await run(zip);
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/open.txt'],
    );
    assert.equal(r.failed.length, 1);
    const f = r.failed[0]!;
    assert.deepEqual(
      { ...f, data: undefined },
      {
        provenanceSuffix: '!/secret.xlsx',
        name: 'secret.xlsx',
        reason: 'encrypted',
        message: 'dump.zip!/secret.xlsx: entry is encrypted (zip flag bit 0); compressed bytes kept',
        data: undefined,
      },
    );
    assert.ok(f.data?.equals(cipher));
  });

  it('refuses an overlapping-entry bomb', async () => {
    const r = await run(overlapBomb(5, 1 << 20));
    assert.deepEqual(r.ok, []);
    assert.deepEqual(
      r.failed.map((f) => [f.provenanceSuffix, f.reason]),
      [0, 1, 2, 3, 4].map((i) => [`!/file${i}.bin`, 'zip-bomb']),
    );
    assert.equal(
      r.failed[0]!.message,
      "dump.zip!/file0.bin: stored bytes overlap another entry's (overlapping-entry zip bomb); not extracted",
    );
  });

  it('extracts the honest entries beside overlapping ones', async () => {
    const a = { name: 'honest.txt', data: Buffer.from('honest text') };
    const k = { name: 'k1.bin', data: Buffer.alloc(100_000) };
    const second = 30 + a.name.length + deflateRawSync(a.data).length;
    const zip = writeZip([a, k, { ...k, name: 'k2.bin' }], { centralOffsets: [0, second, second] });
    const r = await run(zip);
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.toString()]),
      [['!/honest.txt', 'honest text']],
    );
    assert.deepEqual(
      r.failed.map((f) => [f.provenanceSuffix, f.reason]),
      [
        ['!/k1.bin', 'zip-bomb'],
        ['!/k2.bin', 'zip-bomb'],
      ],
    );
  });

  it('stops inflating past the compression ratio even when the declared size lies', async () => {
    const zeros = Buffer.alloc(20 << 20);
    const zip = writeZip([
      { name: 'bomb.bin', data: zeros, declaredSize: 10 },
      { name: 'ok.txt', data: Buffer.from('fine') },
    ]);
    const r = await run(zip, 'dump.zip', { maxCompressionRatio: 100 });
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/ok.txt'],
    );
    assert.equal(r.failed.length, 1);
    assert.equal(r.failed[0]!.reason, 'zip-bomb');
    assert.equal(
      r.failed[0]!.message,
      'dump.zip!/bomb.bin: inflated data would expand to more than 100:1 compression (maxCompressionRatio); not extracted, compressed bytes kept',
    );
    assert.ok(r.failed[0]!.data?.equals(deflateRawSync(zeros)));
  });

  it('refuses a declared size over the bytes left for this input (maxExpandedBytes)', async () => {
    const zip = writeZip([
      { name: 'big.txt', data: Buffer.alloc(5000, 0x61) },
      { name: 'small.txt', data: Buffer.from('s') },
    ]);
    const r = await run(zip, 'dump.zip', { maxExpandedBytes: 10_000 }, 6_000);
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/small.txt'],
    );
    assert.deepEqual(
      r.failed.map((f) => [f.reason, f.message, f.data]),
      [
        [
          'limit-exceeded',
          'dump.zip!/big.txt: declared size 5000 would expand to past 10000 bytes expanded from one input (maxExpandedBytes); not extracted',
          undefined,
        ],
      ],
    );
  });

  it('stops reading the directory at maxArchiveEntries and says so', async () => {
    const zip = writeZip(['a', 'b', 'c'].map((n) => ({ name: `${n}.txt`, data: Buffer.from(n) })));
    const r = await run(zip, 'dump.zip', { maxArchiveEntries: 2 });
    assert.equal(r.error?.reason, 'limit-exceeded');
    assert.equal(r.error?.message, 'dump.zip: stopped after 2 of 3 entries (maxArchiveEntries)');
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/a.txt', '!/b.txt'],
    );
  });

  it('stops at a PKWARE strong-encryption record, keeping the entries before it', async () => {
    const zip = writeZip([
      { name: 'before.txt', data: Buffer.from('kept') },
      { name: 'strong.bin', data: Buffer.from('x'), stored: Buffer.alloc(16, 7), flags: 0x841 },
      { name: 'after.txt', data: Buffer.from('lost') },
    ]);
    const r = await run(zip);
    assert.equal(r.error?.reason, 'encrypted');
    assert.equal(
      r.error?.message,
      'dump.zip: central directory unreadable after 1 entries: strong encryption is not supported',
    );
    assert.deepEqual(
      r.ok.map((c) => c.data.toString()),
      ['kept'],
    );
  });

  it('recovers the entries of a truncated zip and records the cut one', async () => {
    const full = writeZip([
      { name: 'one.txt', data: Buffer.from('first file') },
      { name: 'two.eml', data: EML },
      { name: 'three.bin', data: Buffer.from('x'.repeat(5000) + 'y'.repeat(5000)), method: 0 },
    ]);
    const cut = full.subarray(0, full.indexOf('three.bin') + 9 + 100);
    const r = await run(cut);
    assert.equal(r.error?.reason, 'truncated');
    assert.match(
      r.error!.message,
      /^dump\.zip: no central directory \(End of central directory record signature not found/,
    );
    assert.match(r.error!.message, /3 entries recovered from local headers/);
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/one.txt', '!/two.eml'],
    );
    assert.ok(r.ok[1]!.data.equals(EML));
    assert.deepEqual(
      r.failed.map((f) => [f.provenanceSuffix, f.reason, f.message, f.data?.length]),
      [
        [
          '!/three.bin',
          'truncated',
          "dump.zip!/three.bin: archive ends 9900 bytes before this entry's data does",
          100,
        ],
      ],
    );
  });

  it('keeps a CRC mismatch as a separate failure beside the extracted bytes', async () => {
    const zip = writeZip([{ name: 'tampered.txt', data: Buffer.from('changed'), crc: 0x12345678 }]);
    const r = await run(zip);
    assert.deepEqual(
      r.ok.map((c) => c.data.toString()),
      ['changed'],
    );
    assert.equal(r.failed[0]!.reason, 'corrupt');
    assert.match(
      r.failed[0]!.message,
      /^dump\.zip!\/tampered\.txt: CRC-32 [0-9a-f]{8} does not match the declared 12345678; extracted bytes kept$/,
    );
  });

  it('fails zero-byte and garbage files named .zip with exact reasons', async () => {
    await assert.rejects(zipIngestor.ingest(inputOf(Buffer.alloc(0), 'empty.zip')), (e: IngestError) => {
      assert.equal(e.reason, 'empty');
      assert.equal(e.message, 'empty.zip: zero-byte file named as a zip');
      assert.equal(e.partial, undefined);
      return true;
    });
    const junk = Buffer.from('this is not a zip archive at all, just text with an extension');
    await assert.rejects(zipIngestor.ingest(inputOf(junk, 'junk.zip')), (e: IngestError) => {
      assert.equal(e.reason, 'corrupt');
      assert.match(
        e.message,
        /^junk\.zip: not a zip archive \(End of central directory record signature not found/,
      );
      return true;
    });
  });
});
