import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sevenZipIngestor } from '../../src/ingest/archives/sevenzip.js';
import { parseListing } from '../../src/ingest/archives/sevenzip-run.js';
import type { IngestError } from '../../src/ingest/ingestor.js';
import { FIXTURES } from '../helpers.js';
import { collect, inputOf, sha } from './input.js';

const fixture = (n: string) => readFileSync(`${FIXTURES}archives/${n}`);
const run = (n: string, data = fixture(n), limits = {}) =>
  collect(() => sevenZipIngestor.ingest(inputOf(data, n, limits)));
const rejects = (p: Promise<unknown>, reason: string, message: string | RegExp) =>
  assert.rejects(p, (e: IngestError) => {
    assert.equal(e.reason, reason);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

describe('7z and rar ingestor (7z-wasm)', () => {
  it('scores 7z and RAR signatures', () => {
    for (const n of ['mail.7z', 'rar5-zip-in-rar.rar', 'rar4-unicode.rar']) {
      assert.equal(sevenZipIngestor.score({ name: 'x', ext: '', head: fixture(n), size: 1 }), 55, n);
    }
    assert.equal(sevenZipIngestor.score({ name: 'x.rar', ext: 'rar', head: Buffer.alloc(8), size: 8 }), 20);
  });

  it('parses 7-Zip technical listings', () => {
    const l = parseListing([
      'Path = a/b.txt',
      'Size = 12',
      'Encrypted = +',
      'Attributes = A',
      '',
      'Path = a',
      'Folder = +',
      'Size = 0',
      '',
    ]);
    assert.deepEqual(l, [
      { path: 'a/b.txt', isDir: false, size: 12, encrypted: true },
      { path: 'a', isDir: true, size: 0, encrypted: false },
    ]);
  });

  it('extracts a 7z archive made by 7-Zip', async () => {
    const r = await run('mail.7z');
    assert.equal(r.error, null);
    assert.ok(r.out.kind === 'Folder');
    assert.deepEqual(r.out.folder, { format: '7z', name: 'mail.7z', entries: 2, warnings: [] });
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.length]),
      [
        ['!/mail/2017/1.eml', 181],
        ['!/notes.txt', 650],
      ],
    );
    assert.match(
      r.ok[0]!.data.toString(),
      /^From: Alice <alice@example\.org>\r\n[\s\S]*La réunion est confirmée\.\r\n$/,
    );
    assert.equal(r.ok[1]!.data.toString(), 'facture 2017\n'.repeat(50));
  });

  it('records an encrypted 7z entry and extracts its plain sibling', async () => {
    const r = await run('encrypted-entry.7z');
    assert.equal(r.error, null);
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.toString()]),
      [['!/plain.txt', 'nothing secret here\n']],
    );
    assert.deepEqual(r.failed, [
      {
        provenanceSuffix: '!/secret.txt',
        name: 'secret.txt',
        reason: 'encrypted',
        message: "encrypted-entry.7z!/secret.txt: entry is encrypted; the archive's bytes are kept",
      },
    ]);
  });

  it('fails a 7z with encrypted headers as encrypted, and a cut 7z as truncated', async () => {
    await rejects(
      run('encrypted-headers.7z'),
      'encrypted',
      'encrypted-headers.7z: headers are encrypted with a password (entry names hidden)',
    );
    await rejects(
      run('cut.7z', fixture('mail.7z').subarray(0, 200)),
      'truncated',
      'cut.7z: archive is 200 bytes but its start header places the end header at 335',
    );
  });

  it('extracts RAR 5 (a zip inside) and RAR 4 with Japanese names (libarchive test files)', async () => {
    const r5 = await run('rar5-zip-in-rar.rar');
    assert.ok(r5.out.kind === 'Folder' && r5.out.folder.format === 'rar');
    assert.deepEqual(
      r5.ok.map((c) => [c.provenanceSuffix, c.data.length]),
      [
        ['!/payload/inner.zip', 165],
        ['!/payload/real_after.txt', 21],
      ],
    );
    assert.equal(r5.ok[0]!.data.readUInt32LE(0), 0x04034b50);
    const r4 = await run('rar4-unicode.rar');
    assert.deepEqual(
      r4.ok.map((c) => [c.provenanceSuffix, sha(c.data)]),
      [
        ['!/表だよ/新しいフォルダ/新規テキスト ドキュメント.txt', sha(Buffer.alloc(0))],
        ['!/表だよ/漢字長いファイル名long-filename-in-漢字.txt', sha(r4.ok[1]!.data)],
      ],
    );
    assert.equal(r4.ok[1]!.data.length, 5);
  });

  it('keeps what 7-Zip reads of a cut RAR, and marks the partly read entry', async () => {
    const rar = fixture('rar5-zip-in-rar.rar');
    const r = await run('cut.rar', rar.subarray(0, 250));
    assert.equal(r.error?.reason, 'truncated');
    assert.equal(r.error?.message, 'cut.rar: 7-Zip reported errors (ERRORS: Unexpected end of archive)');
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.length]),
      [['!/payload/inner.zip', 165]],
    );
    const full = await run('rar5-zip-in-rar.rar');
    assert.ok(r.ok[0]!.data.equals(full.ok[0]!.data));
    const r2 = await run('cut.rar', rar.subarray(0, 100));
    assert.equal(r2.error?.reason, 'truncated');
    assert.deepEqual(r2.ok, []);
    assert.deepEqual(
      r2.failed.map((f) => [f.provenanceSuffix, f.reason, f.message, f.data?.length]),
      [
        [
          '!/payload/inner.zip',
          'truncated',
          'cut.rar!/payload/inner.zip: 7-Zip extracted 27 of 165 declared bytes (truncated); those bytes kept',
          27,
        ],
      ],
    );
  });

  it('extracts only the first maxArchiveEntries entries and says so', async () => {
    const r = await run('mail.7z', fixture('mail.7z'), { maxArchiveEntries: 1 });
    assert.equal(r.error?.reason, 'limit-exceeded');
    assert.equal(
      r.error?.message,
      'mail.7z: 2 entries, more than 1 (maxArchiveEntries); the first 1 extracted',
    );
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.length]),
      [['!/mail/2017/1.eml', 181]],
    );
    assert.deepEqual(r.failed, []);
  });

  it('refuses to extract when declared sizes pass the cap', async () => {
    const r = await run('mail.7z', fixture('mail.7z'), { maxCompressionRatio: 1, maxExpandedBytes: 500 });
    assert.deepEqual(r.ok, []);
    assert.deepEqual(
      r.failed.map((f) => [f.provenanceSuffix, f.reason, f.message]),
      [
        [
          '!/mail/2017/1.eml',
          'limit-exceeded',
          "mail.7z!/mail/2017/1.eml: the archive's declared 831 bytes would expand to past 500 bytes expanded from one input (maxExpandedBytes); not extracted",
        ],
        [
          '!/notes.txt',
          'limit-exceeded',
          "mail.7z!/notes.txt: the archive's declared 831 bytes would expand to past 500 bytes expanded from one input (maxExpandedBytes); not extracted",
        ],
      ],
    );
  });

  it('fails zero-byte and garbage files named .7z/.rar exactly', async () => {
    await rejects(run('e.7z', Buffer.alloc(0)), 'empty', 'e.7z: zero-byte file named as 7z');
    await rejects(
      run('junk.rar', Buffer.from('definitely not a rar archive')),
      'corrupt',
      'junk.rar: cannot open as rar (ERROR: junk.rar : Cannot open the file as archive)',
    );
  });
});
