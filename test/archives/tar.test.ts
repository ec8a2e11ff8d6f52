import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import tar from 'tar-stream';
import { tarIngestor } from '../../src/ingest/archives/tar.js';
import type { IngestError } from '../../src/ingest/ingestor.js';
import { collect, inputOf } from './input.js';
import { writeTar } from './tar-writer.js';

const run = (buf: Buffer, name = 'dump.tar', limits = {}, expanded = 0) =>
  collect(() => tarIngestor.ingest(inputOf(buf, name, limits, expanded)));

async function packWithTarStream(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(files)) pack.entry({ name }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('tar ingestor', () => {
  it('scores ustar magic at offset 257 above the extension', () => {
    const head = writeTar([{ name: 'a', data: Buffer.from('x') }]).subarray(0, 8192);
    assert.equal(tarIngestor.score({ name: 'blob', ext: '', head, size: head.length }), 55);
    assert.equal(tarIngestor.score({ name: 'a.tar', ext: 'tar', head: Buffer.alloc(10), size: 10 }), 20);
  });

  it('emits files of a tar-stream archive byte for byte, skipping directories', async () => {
    const t = await packWithTarStream({ 'mail/1.eml': 'From: a@b\n\nhi\n', 'docs/facture.txt': 'facture' });
    const r = await run(t);
    assert.equal(r.error, null);
    assert.ok(r.out.kind === 'Folder');
    assert.deepEqual(r.out.folder, { format: 'tar', name: 'dump.tar', entries: 2, warnings: [] });
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.name, c.data.toString()]),
      [
        ['!/mail/1.eml', '1.eml', 'From: a@b\n\nhi\n'],
        ['!/docs/facture.txt', 'facture.txt', 'facture'],
      ],
    );
  });

  it('normalises ../ and absolute names, keeps the bytes and notes the rewrite; links are not followed', async () => {
    const t = writeTar([
      { name: '../../../etc/cron.d/evil', data: Buffer.from('* * * * * root sh') },
      { name: '/etc/passwd', data: Buffer.from('root:x:0:0') },
      { name: 'link', type: '2' },
      { name: 'dir/', type: '5' },
    ]);
    const r = await run(t);
    assert.deepEqual(r.failed, []);
    assert.deepEqual(
      r.ok.map((c) => [c.provenanceSuffix, c.data.toString()]),
      [
        ['!/etc/cron.d/evil', '* * * * * root sh'],
        ['!/etc/passwd', 'root:x:0:0'],
      ],
    );
    assert.ok(r.out.kind === 'Folder');
    assert.deepEqual(r.out.folder.warnings, [
      'unsafe entry name "../../../etc/cron.d/evil" (escapes the archive root with ..) recorded as "etc/cron.d/evil"',
      'unsafe entry name "/etc/passwd" (absolute path) recorded as "etc/passwd"',
      '1 links, devices or FIFOs not followed',
    ]);
  });

  it('decodes UTF-8, Shift-JIS and Latin-1 names and pax paths', async () => {
    const t = writeTar([
      { name: Buffer.from('réunion.txt', 'utf8'), data: Buffer.from('1') },
      { name: iconv.encode('議事録.txt', 'cp932'), data: Buffer.from('2') },
      { name: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]), data: Buffer.from('3') },
      { name: 'ignored-short-name', paxPath: 'très/long/chemin/élysée.txt', data: Buffer.from('4') },
    ]);
    const r = await run(t);
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/réunion.txt', '!/議事録.txt', '!/café.txt', '!/très/long/chemin/élysée.txt'],
    );
    assert.ok(r.out.kind === 'Folder');
    assert.deepEqual(r.out.folder.warnings, [
      '1 entry names decoded as SHIFT_JIS',
      '1 entry names decoded as LATIN1',
    ]);
  });

  it('keeps complete entries of a truncated tar and the readable part of the cut one', async () => {
    const full = writeTar([
      { name: 'a.txt', data: Buffer.from('alpha') },
      { name: 'b.bin', data: Buffer.alloc(3000, 0x62) },
    ]);
    const cut = full.subarray(0, 512 + 512 + 512 + 1024); // a's header+data, b's header, 2 of b's 6 blocks
    const r = await run(cut);
    assert.equal(r.error?.reason, 'truncated');
    assert.equal(r.error?.message, 'dump.tar: tar ends early (Unexpected end of data)');
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/a.txt'],
    );
    assert.deepEqual(
      r.failed.map((f) => [f.provenanceSuffix, f.reason, f.message, f.data?.length]),
      [
        [
          '!/b.bin',
          'truncated',
          'dump.tar!/b.bin: archive ends after 1024 of 3000 bytes of this entry; readable bytes kept',
          1024,
        ],
      ],
    );
  });

  it('stops at maxArchiveEntries, and refuses entries over maxExpandedBytes', async () => {
    const t = writeTar(['a', 'b', 'c'].map((n) => ({ name: n, data: Buffer.from(n.repeat(10)) })));
    const r = await run(t, 'dump.tar', { maxArchiveEntries: 2 });
    assert.equal(r.error?.reason, 'limit-exceeded');
    assert.equal(r.error?.message, 'dump.tar: stopped after 2 entries (maxArchiveEntries)');
    assert.deepEqual(
      r.ok.map((c) => c.provenanceSuffix),
      ['!/a', '!/b'],
    );
    const r2 = await run(t, 'dump.tar', { maxExpandedBytes: 100 }, 95);
    assert.deepEqual(r2.ok, []);
    assert.deepEqual(
      r2.failed.map((f) => f.reason),
      ['limit-exceeded', 'limit-exceeded', 'limit-exceeded'],
    );
    assert.equal(
      r2.failed[0]!.message,
      'dump.tar!/a: entry of 10 bytes would expand to past 100 bytes expanded from one input (maxExpandedBytes); not extracted',
    );
  });

  it('fails zero-byte and garbage .tar files with exact reasons and no partial', async () => {
    await assert.rejects(
      tarIngestor.ingest(inputOf(Buffer.alloc(0), 'e.tar')),
      (e: IngestError) => e.reason === 'empty' && e.message === 'e.tar: zero-byte file named as a tar',
    );
    const junk = Buffer.from('x'.repeat(1500));
    await assert.rejects(tarIngestor.ingest(inputOf(junk, 'junk.tar')), (e: IngestError) => {
      assert.equal(e.reason, 'corrupt');
      assert.match(e.message, /^junk\.tar: not a readable tar \(Invalid tar header/);
      assert.equal(e.partial, undefined);
      return true;
    });
  });
});
