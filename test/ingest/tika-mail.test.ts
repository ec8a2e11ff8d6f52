import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import { sha256 } from '../../src/model/ids.js';
import { count, FIXTURES, tempCase, tempDir } from '../helpers.js';

const TIKA = join(FIXTURES, 'mail/tika-mail');

test('ingests the Tika mail corpus: every message, attachment and mbox entry, with provenance', async (t) => {
  const store = tempCase(t);
  const s = await ingestPaths(store, [TIKA], { workers: 1, silent: true });
  assert.equal(s.files, 29);
  // Real mail holds two things that cannot be read: an encrypted zip attachment (kept, recorded as
  // encrypted) and an inline PDF part that is zero bytes long in the fixture.
  const failures = store.db.prepare('SELECT provenance, reason FROM failures ORDER BY provenance').all() as {
    provenance: string;
    reason: string;
  }[];
  assert.deepEqual(
    failures.map((f) => f.provenance),
    [
      'tika-mail/testRFC822-mixed-with-pdf-inline/inline/1/tzora-titan-4-hummer-xl-manual.pdf',
      'tika-mail/testRFC822_encrypted_zip/attachment/1/test.zip!/text.txt',
    ],
  );
  assert.equal(failures[1]!.reason, 'encrypted');
  // 21 single messages + mbox entries: complex 3, headers 1, multiline 1, quoted 1, simple 2,
  // testMBOX_complex 1, lengthy x-headers 1, testEmailWithPNGAtt.eml (mbox-style, 1) = 32
  assert.equal(s.totals.emails, 32);
  const subj = (prov: string) =>
    (
      store.db
        .prepare('SELECT e.subject FROM emails e JOIN locations l ON l.item_id = e.id WHERE l.provenance = ?')
        .get(prov) as { subject: string } | undefined
    )?.subject;
  assert.equal(subj('tika-mail/complex.mbox#2'), 'Re: question about when shuffle/sort start working');
  assert.equal(
    subj('tika-mail/testRFC822-ARC'),
    'Facture à regler pour le cabinet ABC Avocats - Stage RC des avocats',
  );
  assert.equal(subj('tika-mail/testRFC822_i18nheaders'), 'If you can read this you understand the example.');
  // Dates: RFC 5322, and the "16 May 2016 at 09:30:32  GMT+1" that Apple Mail writes.
  const date = store.db
    .prepare(
      "SELECT e.date FROM emails e JOIN locations l ON l.item_id = e.id WHERE l.provenance = 'tika-mail/testRFC822_date_utf8'",
    )
    .get() as { date: string | null };
  assert.equal(date.date, '2016-05-16T08:30:32.000Z');
  // Attachments are Document children with their own provenance.
  const att = store.db
    .prepare(
      "SELECT l.provenance, d.filename, d.mime FROM documents d JOIN locations l ON l.item_id = d.id WHERE l.provenance LIKE 'tika-mail/testRFC822_multipart_attachments.eml/%' ORDER BY 1",
    )
    .all() as { provenance: string; filename: string }[];
  assert.deepEqual(
    att.map((a) => a.filename),
    ['Test TxtA.txt', 'Test TxtB.txt'],
  );
  assert.equal(
    att[0]!.provenance,
    'tika-mail/testRFC822_multipart_attachments.eml/attachment/1/Test TxtA.txt',
  );
  // Headers keep their original order and case.
  const h = JSON.parse(
    (
      store.db
        .prepare(
          "SELECT e.headers_json AS h FROM emails e JOIN locations l ON l.item_id = e.id WHERE l.provenance = 'tika-mail/testRFC822_dkim.eml'",
        )
        .get() as { h: string }
    ).h,
  ) as { name: string }[];
  assert.equal(h[0]!.name, 'DKIM-Signature');
  // Every original is kept byte for byte.
  for (const f of ['testRFC822', 'complex.mbox', 'testRFC822_normal_zip']) {
    const bytes = readFileSync(join(TIKA, f));
    const row = store.db.prepare('SELECT sha256 FROM items WHERE sha256 = ?').get(sha256(bytes)) as
      | { sha256: string }
      | undefined;
    assert.ok(row, `${f} stored`);
    assert.ok(store.blobs.get(row.sha256).equals(bytes));
  }
});

test('re-ingesting adds nothing; a byte-identical file in two places is one item with two locations', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  copyFileSync(join(TIKA, 'testRFC822'), join(dir, 'a/one.eml'));
  copyFileSync(join(TIKA, 'testRFC822'), join(dir, 'b/copy-of-one'));
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  const items = count(store, 'SELECT count(*) AS n FROM items');
  assert.equal(count(store, 'SELECT count(*) AS n FROM emails'), 1);
  const locs = store.db
    .prepare('SELECT l.provenance FROM locations l JOIN emails e ON e.id = l.item_id ORDER BY 1')
    .all() as { provenance: string }[];
  assert.equal(locs.length, 2);
  assert.ok(locs[0]!.provenance.endsWith('/a/one.eml'));
  assert.ok(locs[1]!.provenance.endsWith('/b/copy-of-one'));
  const again = await ingestPaths(store, [dir], { workers: 1, silent: true });
  assert.equal(again.skipped, 2);
  assert.equal(again.newItems, 0);
  assert.equal(count(store, 'SELECT count(*) AS n FROM items'), items);
  assert.equal(
    count(store, 'SELECT count(*) AS n FROM fts'),
    count(store, "SELECT count(*) AS n FROM items WHERE kind != 'Folder'"),
  );
});

test('two different messages with the same Message-ID are both kept and flagged', async (t) => {
  const dir = tempDir(t);
  const msg = (body: string) =>
    `From: a@x.example\r\nTo: b@y.example\r\nSubject: s\r\nDate: Tue, 28 Mar 2017 10:00:00 +0200\r\nMessage-ID: <same@x.example>\r\n\r\n${body}\r\n`;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, '1.eml'), msg('original'));
  writeFileSync(join(dir, '2.eml'), msg('fabricated'));
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  assert.equal(count(store, 'SELECT count(*) AS n FROM emails'), 2);
  const flags = store.db
    .prepare("SELECT item_id, evidence_json FROM flags WHERE kind = 'duplicate-message-id'")
    .all() as { evidence_json: string }[];
  assert.equal(flags.length, 2);
  assert.equal(JSON.parse(flags[0]!.evidence_json).messageId, 'same@x.example');
});

test('parser processes give exactly the records of a single-threaded run', async (t) => {
  const a = tempCase(t);
  const b = tempCase(t);
  await ingestPaths(a, [TIKA], { workers: 1, silent: true });
  await ingestPaths(b, [TIKA], { workers: 2, silent: true });
  const dump = (s: typeof a) => ({
    items: s.db.prepare('SELECT id, kind, sha256, size, status FROM items ORDER BY id').all(),
    locations: s.db.prepare('SELECT item_id, provenance, parent_id FROM locations ORDER BY 1, 2').all(),
    emails: s.db.prepare('SELECT id, subject, date, text, headers_json FROM emails ORDER BY id').all(),
    failures: s.db.prepare('SELECT id, reason FROM failures ORDER BY id').all(),
  });
  assert.deepEqual(dump(b), dump(a));
});
