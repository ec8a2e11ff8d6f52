import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { FIXTURES, tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/**
 * Everything an ingest leaves in a case, keyed by content (item ids, provenances), not by the
 * order files happened to finish in: rows of every ingest table, each blob's bytes re-hashed, and
 * the full-text index term by term (fts5vocab, joined to the item each row belongs to).
 *
 * An item found at several places (the same bytes twice: here the empty attachments and files)
 * is one row named after the place read first, and which file is read first depends on the
 * order parsers finish in. Its locations are compared in full; its own row only by content, and
 * its name must be one of its locations.
 */
function snapshot(caseDir: string) {
  const s = Store.open(caseDir);
  try {
    const q = (sql: string) => s.db.prepare(sql).all() as Record<string, unknown>[];
    s.db.exec(
      'CREATE TEMP TABLE shared AS SELECT item_id AS id FROM locations GROUP BY item_id HAVING count(*) > 1',
    );
    const unshared = (col: string) => `${col} NOT IN (SELECT id FROM temp.shared)`;
    const blobs = q('SELECT sha256, size, mime FROM blobs ORDER BY sha256');
    const blobBytes = blobs.map((b) => {
      const data = readFileSync(s.blobs.pathOf(String(b.sha256)));
      return { sha256: b.sha256, size: data.length, hash: sha(data) };
    });
    s.db.exec("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'fts', 'instance')");
    const terms = q(
      `SELECT i.id, v.col, v.offset, v.term FROM temp.vocab v JOIN items i ON i.rowid = v.doc WHERE ${unshared('i.id')} ORDER BY 1, 2, 3`,
    );
    const search = (match: string) =>
      (s.db.prepare('SELECT count(*) AS n FROM fts WHERE fts MATCH ?').get(match) as { n: number }).n;
    return {
      items: q(
        `SELECT id, kind, sha256, size, mime, name, status, provenance, parent_id, source, date FROM items WHERE ${unshared('id')} ORDER BY id`,
      ),
      sharedItems: q(
        'SELECT i.id, i.kind, i.sha256, i.size, EXISTS (SELECT 1 FROM locations l WHERE l.item_id = i.id AND l.provenance = i.provenance) AS named_after_a_location FROM items i WHERE i.id IN (SELECT id FROM temp.shared) ORDER BY i.id',
      ),
      locations: q('SELECT item_id, provenance, parent_id FROM locations ORDER BY 1, 2'),
      emails: q(`SELECT * FROM emails WHERE ${unshared('id')} ORDER BY id`),
      addresses: q(`SELECT * FROM addresses WHERE ${unshared('item_id')} ORDER BY item_id, role, address`),
      documents: q(`SELECT * FROM documents WHERE ${unshared('id')} ORDER BY id`),
      folders: q('SELECT * FROM folders ORDER BY id'),
      failures: q('SELECT provenance, sha256, reason, message, stage FROM failures ORDER BY 1, 3, 4'),
      blobs,
      blobBytes,
      ftsTerms: { rows: terms.length, hash: sha(JSON.stringify(terms)) },
      searches: ['budget', 'facture', 'reunion', 'pdf', 'jpg', 'zip', 'dupont'].map((w) => [w, search(w)]),
      journal: q('SELECT source, status, items FROM journal ORDER BY 1'),
    };
  } finally {
    s.close();
  }
}

test('an attachment-heavy maildir and real fixtures give the same case parsed in this thread, in one parser process and in two', {
  timeout: 600_000,
}, async (t) => {
  const dir = tempDir(t);
  const dump = join(dir, 'dump');
  // A fifth of the messages carry a 20–100 KB JPEG, PDF or ZIP of random bytes (fixed seed).
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'bench/ingest/generate.mjs'),
      join(dump, 'maildir'),
      '--messages',
      '200',
      '--attachments',
      'binary',
    ],
    { stdio: 'ignore' },
  );
  cpSync(join(FIXTURES, 'mail'), join(dump, 'mail'), { recursive: true });
  cpSync(join(FIXTURES, 'archives'), join(dump, 'archives'), { recursive: true });

  const runs = [
    { name: 'in this thread', workers: 0, budget: false },
    { name: 'one parser process', workers: 1, budget: true },
    { name: 'two parser processes', workers: 2, budget: true },
  ];
  const snaps = [];
  for (const r of runs) {
    const caseDir = join(dir, `case-${r.workers}`);
    const store = Store.open(caseDir);
    try {
      await ingestPaths(store, [dump], { workers: r.workers, budget: r.budget, silent: true });
    } finally {
      store.close();
    }
    snaps.push({ name: r.name, snap: snapshot(caseDir) });
  }
  const first = snaps[0]!.snap;
  // The generated maildir: 200 messages, 40 with a binary attachment, every one of them kept.
  assert.ok(first.emails.length >= 200, `${first.emails.length} e-mails`);
  assert.ok(first.documents.length >= 40, `${first.documents.length} documents`);
  assert.ok(first.ftsTerms.rows > 10_000, `${first.ftsTerms.rows} indexed terms`);
  for (const b of first.blobBytes) assert.equal(b.hash, b.sha256, 'a blob holds the bytes its name says');
  assert.ok(first.sharedItems.every((i) => i.named_after_a_location === 1));
  assert.ok(
    first.searches.every(([, n]) => Number(n) > 0),
    JSON.stringify(first.searches),
  );
  for (const { name, snap } of snaps.slice(1)) {
    for (const k of Object.keys(first) as (keyof typeof first)[])
      assert.deepEqual(snap[k], first[k], `${name}: ${k} differs from the in-thread ingest`);
  }
});
