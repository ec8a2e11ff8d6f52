import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { ingestPaths } from '../../src/ingest/manager.js';
import type { Store } from '../../src/store/store.js';
import { count, FIXTURES, tempCase, tempDir } from '../helpers.js';
import { sha } from './input.js';
import { writeTar } from './tar-writer.js';
import { overlapBomb } from './zip-writer.js';

const fx = (n: string) => readFileSync(join(FIXTURES, 'archives', n));
const EML = (id: string) =>
  Buffer.from(
    `From: Emmanuel <em@example.fr>\r\nTo: equipe@example.fr\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.fr>\r\nDate: Fri, 5 May 2017 18:00:00 +0200\r\n\r\nTexte ${id}.\r\n`,
  );

/** outer.zip!/mail/archive.tar!/inner/box.zip!/simple.mbox — zip in tar in zip, a real mbox inside. */
function nested(): { outer: Buffer; mbox: Buffer; box: Buffer; tar: Buffer } {
  const mbox = fx('simple.mbox');
  const box = Buffer.from(zipSync({ 'simple.mbox': mbox, 'lettre.eml': EML('lettre') }));
  const tar = writeTar([
    { name: 'inner/box.zip', data: box },
    { name: '../../escape.eml', data: EML('escape') },
  ]);
  const outer = Buffer.from(zipSync({ 'mail/archive.tar': tar }));
  return { outer, mbox, box, tar };
}

function rows(store: Store, sql: string): Record<string, unknown>[] {
  return store.db.prepare(sql).all() as Record<string, unknown>[];
}

test('nested archives of every format land with provenance, hashes and exact failure records', async (t) => {
  const dir = tempDir(t);
  const n = nested();
  writeFileSync(join(dir, 'outer.zip'), n.outer);
  writeFileSync(join(dir, 'dump.tgz'), gzipSync(writeTar([{ name: 'mails/tgz.eml', data: EML('tgz') }])));
  for (const f of ['mail.7z', 'rar5-zip-in-rar.rar', 'facture.eml.bz2', 'testRFC822_encrypted_zip'])
    copyFileSync(join(FIXTURES, 'archives', f), join(dir, f));
  writeFileSync(join(dir, 'bomb.zip'), overlapBomb(3, 1 << 16));
  writeFileSync(join(dir, 'garbage.zip'), Buffer.from('not a zip, only a name'));
  writeFileSync(join(dir, 'empty.tar.gz'), Buffer.alloc(0));
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  const base = dir.split('/').pop()!;
  const at = (p: string) => `${base}/${p}`;
  const loc = (p: string) =>
    store.db
      .prepare(
        'SELECT i.kind, i.sha256, i.status FROM locations l JOIN items i ON i.id = l.item_id WHERE l.provenance = ?',
      )
      .get(at(p)) as { kind: string; sha256: string; status: string } | undefined;

  // The nesting chain, each level stored byte for byte.
  assert.deepEqual(loc('outer.zip'), { kind: 'Folder', sha256: sha(n.outer), status: 'ok' });
  assert.deepEqual(loc('outer.zip!/mail/archive.tar'), { kind: 'Folder', sha256: sha(n.tar), status: 'ok' });
  assert.deepEqual(loc('outer.zip!/mail/archive.tar!/inner/box.zip'), {
    kind: 'Folder',
    sha256: sha(n.box),
    status: 'ok',
  });
  assert.deepEqual(loc('outer.zip!/mail/archive.tar!/inner/box.zip!/simple.mbox'), {
    kind: 'Folder',
    sha256: sha(n.mbox),
    status: 'ok',
  });
  assert.equal(loc('outer.zip!/mail/archive.tar!/inner/box.zip!/simple.mbox#1')?.kind, 'Email');
  assert.equal(loc('outer.zip!/mail/archive.tar!/inner/box.zip!/simple.mbox#2')?.kind, 'Email');
  assert.deepEqual(loc('outer.zip!/mail/archive.tar!/inner/box.zip!/lettre.eml'), {
    kind: 'Email',
    sha256: sha(EML('lettre')),
    status: 'ok',
  });
  const inOuter = rows(
    store,
    `SELECT i.kind AS kind, count(*) AS n FROM locations l JOIN items i ON i.id = l.item_id WHERE l.provenance LIKE '${base}/outer.zip%' GROUP BY 1 ORDER BY 1`,
  );
  assert.deepEqual(inOuter, [
    { kind: 'Email', n: 4 },
    { kind: 'Folder', n: 4 },
  ]);
  // A ../ name inside the tar is kept, under a safe provenance.
  assert.deepEqual(loc('outer.zip!/mail/archive.tar!/escape.eml'), {
    kind: 'Email',
    sha256: sha(EML('escape')),
    status: 'ok',
  });
  assert.deepEqual(loc('dump.tgz!/dump.tar!/mails/tgz.eml'), {
    kind: 'Email',
    sha256: sha(EML('tgz')),
    status: 'ok',
  });
  assert.equal(loc('mail.7z!/mail/2017/1.eml')?.kind, 'Email');
  assert.equal(loc('facture.eml.bz2!/facture.eml')?.kind, 'Email');
  assert.equal(loc('rar5-zip-in-rar.rar!/payload/inner.zip')?.kind, 'Folder');
  assert.equal(loc('rar5-zip-in-rar.rar!/payload/real_after.txt')?.kind, 'Document');

  const ids = rows(store, 'SELECT message_id AS m FROM emails WHERE message_id IS NOT NULL ORDER BY 1').map(
    (r) => r.m,
  );
  for (const id of [
    'lettre@example.fr',
    'escape@example.fr',
    'tgz@example.fr',
    '7z-1@example.org',
    'bz2-1@example.org',
  ])
    assert.ok(ids.includes(id), id);

  const failures = rows(store, 'SELECT provenance, reason, message FROM failures ORDER BY provenance').map(
    (f) => ({ ...f, provenance: String(f.provenance).replace(`${base}/`, '') }),
  );
  const mine = failures.filter((f) => /bomb|garbage|empty|encrypted_zip/.test(String(f.provenance)));
  assert.deepEqual(
    mine.map((f) => [f.provenance, f.reason]),
    [
      ['bomb.zip!/file0.bin', 'zip-bomb'],
      ['bomb.zip!/file1.bin', 'zip-bomb'],
      ['bomb.zip!/file2.bin', 'zip-bomb'],
      ['empty.tar.gz', 'empty'],
      ['garbage.zip', 'corrupt'],
      ...encryptedZipFailures(failures),
    ],
  );
  const enc = failures.find((f) => f.reason === 'encrypted')!;
  assert.match(String(enc.provenance), /^testRFC822_encrypted_zip\/attachment\/\d+\/test\.zip!\/.+/);
  // The encrypted entry's raw bytes are kept as a failed Document.
  const encItem = loc(String(enc.provenance));
  assert.equal(encItem?.status, 'failed');
  assert.equal(
    count(
      store,
      'SELECT count(*) AS n FROM documents WHERE id = (SELECT item_id FROM locations WHERE provenance = ?) AND metadata_json LIKE \'%"encrypted":true%\'',
      at(String(enc.provenance)),
    ),
    1,
  );

  // Re-ingesting the same inputs adds nothing.
  const before =
    count(store, 'SELECT count(*) AS n FROM items') + count(store, 'SELECT count(*) AS n FROM failures');
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  assert.equal(
    count(store, 'SELECT count(*) AS n FROM items') + count(store, 'SELECT count(*) AS n FROM failures'),
    before,
  );
});

function encryptedZipFailures(all: Record<string, unknown>[]): [string, string][] {
  return all
    .filter((f) => String(f.provenance).startsWith('testRFC822_encrypted_zip'))
    .map((f) => [String(f.provenance), String(f.reason)]);
}

test('a nested zip bomb trips maxExpandedBytes and everything before it is kept', async (t) => {
  const dir = tempDir(t);
  // Three layers, each zip holding four copies of the layer below. The leaf (1 MiB: a 4 KiB
  // pseudo-random block repeated) compresses about 85:1, under the ratio limit, so only the
  // total expanded size can stop it: 64 MiB from a file of under 1 MiB.
  const block = Buffer.alloc(4096);
  for (let i = 0, x = 7; i < block.length; i++) block[i] = x = ((x * 1103515245 + 12345) >>> 16) & 0xff;
  let layer = Buffer.from(zipSync({ 'zeros.bin': Buffer.concat(Array(256).fill(block)) }));
  for (let i = 0; i < 3; i++)
    layer = Buffer.from(zipSync(Object.fromEntries([0, 1, 2, 3].map((k) => [`l${i}-${k}.zip`, layer]))));
  writeFileSync(join(dir, '42.zip'), layer);
  const store = tempCase(t);
  const limit = 10 * (1 << 20);
  await ingestPaths(store, [dir], {
    workers: 1,
    silent: true,
    limits: { ...(await import('../../src/ingest/limits.js')).DEFAULT_LIMITS, maxExpandedBytes: limit },
  });
  const leaves = count(store, "SELECT count(*) AS n FROM locations WHERE provenance LIKE '%zeros.bin'");
  const tripped = rows(
    store,
    "SELECT provenance, reason, message FROM failures WHERE reason = 'limit-exceeded'",
  );
  const extracted = count(
    store,
    "SELECT count(*) AS n FROM locations l JOIN items i ON i.id = l.item_id WHERE l.provenance LIKE '%zeros.bin' AND i.status = 'ok'",
  );
  // Every one of the 64 leaves is accounted for: about 9 MiB extracted, the rest refused one by one.
  assert.equal(leaves, extracted);
  assert.equal(extracted + tripped.length, 64);
  assert.ok(extracted >= 8 && extracted <= 10, `extracted ${extracted}`);
  assert.ok(tripped.every((f) => String(f.provenance).endsWith('.zip!/zeros.bin')));
  for (const f of tripped) assert.match(String(f.message), /\(maxExpandedBytes\); not extracted$/);
  assert.equal(count(store, "SELECT count(*) AS n FROM failures WHERE reason <> 'limit-exceeded'"), 0);
});

test('Tika messages: a zip attachment is opened, an encrypted one keeps its raw entry bytes', async (t) => {
  const dir = tempDir(t);
  for (const f of ['testRFC822_normal_zip', 'testRFC822_encrypted_zip'])
    copyFileSync(join(FIXTURES, 'archives', f), join(dir, f));
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  const base = dir.split('/').pop()!;
  const got = rows(
    store,
    'SELECT l.provenance AS p, i.kind AS kind, i.status AS status, i.sha256 AS sha, i.size AS size FROM locations l JOIN items i ON i.id = l.item_id ORDER BY 1',
  ).map((r) => ({ ...r, p: String(r.p).replace(`${base}/`, '') }));
  const entry = (p: string) => got.find((r) => r.p === p);
  // Truth from Python's zipfile on the same attachment: text.txt, 120 bytes, this SHA-256.
  assert.deepEqual(entry('testRFC822_normal_zip/attachment/1/test.zip!/text.txt'), {
    p: 'testRFC822_normal_zip/attachment/1/test.zip!/text.txt',
    kind: 'Document',
    status: 'ok',
    sha: '47d666be7e8158bf8d83ff9c460f83b847db576cc95e8dc0c2f6a402c2f628f6',
    size: 120,
  });
  // Python's zipfile: flag bits 9 (encrypted + data descriptor), 85 stored bytes.
  const enc = entry('testRFC822_encrypted_zip/attachment/1/test.zip!/text.txt');
  assert.deepEqual(
    { kind: enc?.kind, status: enc?.status, size: enc?.size },
    { kind: 'Document', status: 'failed', size: 85 },
  );
  const f = rows(store, 'SELECT reason, message FROM failures');
  assert.deepEqual(
    f.map((r) => [r.reason, String(r.message).replace(`${base}/`, '')]),
    [
      [
        'encrypted',
        'testRFC822_encrypted_zip/attachment/1/test.zip!/text.txt: entry is encrypted (zip flag bit 0); compressed bytes kept',
      ],
    ],
  );
});
