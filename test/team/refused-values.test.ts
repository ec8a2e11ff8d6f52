import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { SqlCaseStore } from '../../src/case/case-store.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { attachments } from '../../src/search/item-related.js';
import { Store } from '../../src/store/store.js';
import { dirRecords } from '../../src/team/dirs.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { tempDir } from '../helpers.js';
import { makeDump, teamCase, teamSkipReason } from './services.js';

/**
 * Values PostgreSQL refuses and SQLite takes, found on real mail (patchwork's fuzz mailboxes,
 * commit 644cef7: a quoted-printable `=00`, an encoded-word holding a NUL). Before, one such value
 * failed the transaction of a team worker's whole group of files, four times, and every file of
 * the job became a failure record ("invalid byte sequence for encoding UTF8: 0x00"), 32 files of
 * 561 in that dump. Generated here, every file of the dump in one job.
 */
const skip = await teamSkipReason();

function mail(id: string, subject: string, body: string, extra = ''): string {
  return [
    `Message-ID: <${id}>`,
    'From: Alice <alice@example.org>',
    'To: bob@example.org',
    'Date: Tue, 2 May 2017 10:00:00 +0200',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    extra,
    body,
  ]
    .filter((l) => l !== '')
    .join('\r\n');
}

function attached(id: string, pdf: string): string {
  return [
    `Message-ID: <${id}>`,
    'From: Alice <alice@example.org>',
    'To: bob@example.org',
    'Date: Tue, 2 May 2017 11:00:00 +0200',
    `Subject: same attachment ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'See attached.',
    '--b',
    'Content-Type: application/octet-stream; name="notes.txt"',
    'Content-Disposition: attachment; filename="notes.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(pdf).toString('base64'),
    '--b--',
    '',
  ].join('\r\n');
}

function writeDump(dir: string, opts: { longId: boolean }): string {
  const dump = makeDump(dir, 20);
  const odd = join(dump, 'odd');
  mkdirSync(odd, { recursive: true });
  // A NUL in the subject (an encoded-word) and in the body (quoted-printable).
  writeFileSync(
    join(odd, 'nul.eml'),
    mail(
      'nul@fuzz.test',
      '=?utf-8?q?Rapport=00secret?=',
      'Montant=00 total: 1 200 euros\r\n',
      'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n',
    ),
  );
  // One attachment, the same bytes, in two e-mails: each lists it.
  const notes = 'Notes de réunion, 2 mai 2017.\n';
  writeFileSync(join(odd, 'with-notes-1.eml'), attached('notes-1@fuzz.test', notes));
  writeFileSync(join(odd, 'with-notes-2.eml'), attached('notes-2@fuzz.test', notes));
  if (opts.longId) {
    // A Message-ID past what a PostgreSQL btree entry holds (2,704 bytes), incompressible.
    const id = `${randomBytes(6000).toString('base64url')}@fuzz.test`;
    writeFileSync(join(odd, 'long-id.eml'), mail(id, 'long id', 'Body of the long id.\r\n'));
  }
  return dump;
}

async function teamIngest(store: SqlCaseStore, dump: string, blobs: string): Promise<void> {
  const { tasks, dirs } = enumerateInputs([dump]);
  await store.applyRecords(dirRecords(dirs));
  // Journaled as `ingest --database` journals them before it enqueues.
  await store.markJournal(
    tasks.map((t) => ({ source: t.path, size: t.size, mtime_ms: t.mtimeMs })),
    'queued',
  );
  // Every file in one job, as a worker's group commit would take them.
  await ingestJobsHere(store, blobs, [{ tasks }]);
}

/** The dump ingested by the laptop (SQLite) and by a team case (PostgreSQL), every file in one job. */
async function bothIngested(t: TestContext, longId: boolean) {
  const dir = tempDir(t);
  const dump = writeDump(dir, { longId });
  const laptop = Store.open(join(dir, 'laptop'));
  t.after(() => laptop.close());
  await ingestPaths(laptop, [dump], { workers: 1, silent: true });
  const lap = await SqlCaseStore.open(new SqliteDb(laptop.db));
  const { store: team } = await teamCase(t, 'nul_');
  const store = team as SqlCaseStore;
  await teamIngest(store, dump, join(dir, 'blobs'));
  return { lap, store };
}

describe('team ingest: values PostgreSQL refuses', { skip }, () => {
  test('a NUL in a decoded header or body is stored as U+FFFD by both stores, and the team case equals the laptop case', async (t) => {
    const { lap: lapStore, store } = await bothIngested(t, false);
    const lap = lapStore.db;
    assert.deepEqual(await store.counts(), await lapStore.counts());
    const subjects = async (db: typeof lap | typeof store.db) =>
      (
        await db.all<{ subject: string; text: string }>(
          "SELECT subject, text FROM emails WHERE message_id = 'nul@fuzz.test'",
        )
      )[0];
    const want = { subject: 'Rapport\ufffdsecret', text: 'Montant\ufffd total: 1 200 euros\n' };
    assert.deepEqual(await subjects(lap), want);
    assert.deepEqual(await subjects(store.db), want);
    assert.equal(
      Number(
        (await store.db.get<{ n: number }>("SELECT count(*) AS n FROM failures WHERE reason = 'error'"))?.n,
      ),
      0,
    );

    // The shared attachment is listed under both e-mails, on both stores.
    for (const db of [lap, store.db]) {
      for (const mid of ['notes-1@fuzz.test', 'notes-2@fuzz.test']) {
        const id = (await db.get<{ id: string }>('SELECT id FROM emails WHERE message_id = ?', [mid]))?.id;
        assert.ok(id, mid);
        assert.deepEqual(
          (await attachments(db, id)).map((a) => a.name),
          ['notes.txt'],
          `${db.dialect}: ${mid}`,
        );
      }
    }
  });

  test('a value PostgreSQL refuses costs its own file only: one failure record naming it, every other file of the job stored', async (t) => {
    const { lap: lapStore, store } = await bothIngested(t, true);
    const lap = lapStore.db;
    // SQLite took the long Message-ID; PostgreSQL's btree index on message_id cannot.
    const longProv = (
      await lap.get<{ provenance: string }>(
        "SELECT provenance FROM items WHERE provenance LIKE '%long-id.eml'",
      )
    )?.provenance;
    assert.ok(longProv);
    const ids = async (db: typeof lap | typeof store.db) =>
      (
        await db.all<{ id: string }>('SELECT id FROM items WHERE provenance NOT LIKE ? ORDER BY id', [
          `${longProv}%`,
        ])
      ).map((r) => r.id);
    assert.deepEqual(await ids(store.db), await ids(lap));
    const failures = await store.db.all<{ provenance: string; reason: string; message: string }>(
      "SELECT provenance, reason, message FROM failures WHERE reason = 'error'",
    );
    assert.equal(failures.length, 1, JSON.stringify(failures));
    assert.equal(failures[0]?.provenance, longProv);
    assert.match(
      failures[0]?.message ?? '',
      /long-id\.eml: not stored: the case database refused one of its values \(.*index row/,
    );
    assert.equal(
      Number(
        (
          await store.db.get<{ n: number }>(
            "SELECT count(*) AS n FROM items WHERE provenance LIKE '%long-id.eml'",
          )
        )?.n,
      ),
      0,
    );
    const journal = await store.db.all<{ source: string; status: string }>(
      'SELECT source, status FROM journal',
    );
    assert.deepEqual(
      journal.filter((r) => r.status !== 'done').map((r) => [r.source.replace(/.*\//, ''), r.status]),
      [['long-id.eml', 'failed']],
    );
  });
});
