import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { MIGRATIONS } from '../../src/case/migrations.js';
import type { FlagRecord } from '../../src/model/entities.js';
import { BACKENDS, postgresReachable } from './backends.js';

/**
 * The store contract (HOUSE.md "one contract suite runs every store test on both backends"):
 * every test here runs on SQLite and on PostgreSQL. PostgreSQL tests are skipped, with the reason,
 * only off CI when no server answers on 127.0.0.1:5432; on CI (.ci/services starts one) they fail.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL does not answer on 127.0.0.1:5432');

const flag = (itemId: string, kind: string, evidence: Record<string, unknown> = {}): FlagRecord => ({
  itemId,
  kind,
  severity: 'high',
  message: `${kind} on ${itemId}`,
  evidence,
  stage: 'verify',
});

for (const backend of BACKENDS) {
  const skip = backend.name === 'postgres' && !pgUp ? 'no PostgreSQL on 127.0.0.1:5432 (laptop mode)' : false;

  describe(`case store contract: ${backend.name}`, { skip }, () => {
    test('migrations are applied once, recorded, and not applied again on reopen', async (t) => {
      const store = (await backend.open(t)) as SqlCaseStore;
      const rows = await store.db.all<{ id: number; name: string }>(
        'SELECT id, name FROM schema_migrations ORDER BY id',
      );
      assert.deepEqual(
        rows.map((r) => [Number(r.id), r.name]),
        MIGRATIONS.filter((m) => m[backend.name] !== undefined).map((m) => [m.id, m.name]),
      );
      assert.ok(rows.length >= 1);
      const again = (await backend.reopen(store)) as SqlCaseStore;
      t.after(() => again.close());
      assert.equal((await again.db.all('SELECT id FROM schema_migrations')).length, rows.length);
    });

    test('two processes opening a new case at once apply each migration once', async (t) => {
      const store = await backend.open(t);
      const [a, b] = (await Promise.all([backend.reopen(store), backend.reopen(store)])) as SqlCaseStore[];
      t.after(async () => {
        await a?.close();
        await b?.close();
      });
      const ids = (await (a as SqlCaseStore).db.all<{ id: number }>('SELECT id FROM schema_migrations')).map(
        (r) => Number(r.id),
      );
      assert.deepEqual(ids.sort(), [...new Set(ids)].sort());
      assert.equal(ids.length, MIGRATIONS.filter((m) => m[backend.name] !== undefined).length);
    });

    test('case metadata: set, read, overwrite', async (t) => {
      const store = await backend.open(t);
      assert.equal(await store.getMeta('title'), undefined);
      await store.setMeta('title', 'Avancer');
      await store.setMeta('title', 'Avancer — 2017');
      assert.equal(await store.getMeta('title'), 'Avancer — 2017');
    });

    test('a failure recorded twice is one record, filterable by reason and stage', async (t) => {
      const store = await backend.open(t);
      const f = {
        provenance: 'dump.zip!/a.msg',
        sha256: 'ab'.repeat(32),
        reason: 'corrupt',
        message: 'dump.zip!/a.msg: sector chain loops',
        stage: 'ingest',
      };
      const id1 = await store.addFailure(f);
      const id2 = await store.addFailure(f);
      await store.addFailure({ ...f, provenance: 'b.pdf', reason: 'limit-exceeded', sha256: null });
      assert.equal(id1, id2);
      assert.equal((await store.failures()).length, 2);
      const corrupt = await store.failures({ reason: 'corrupt', stage: 'ingest' });
      assert.deepEqual(
        corrupt.map((x) => [x.provenance, x.message]),
        [['dump.zip!/a.msg', 'dump.zip!/a.msg: sector chain loops']],
      );
      assert.equal((await store.failures({ reason: 'corrupt', stage: 'verify' })).length, 0);
    });

    test('failures name the item that keeps their original, and list their reasons', async (t) => {
      const store = await backend.open(t);
      const sha = 'ef'.repeat(32);
      await store.applyRecords([
        { t: 'blob', sha256: sha, size: 3, mime: null },
        {
          t: 'item',
          id: 'doc-kept',
          kind: 'Document',
          sha256: sha,
          size: 3,
          mime: 'application/pdf',
          name: 'x.pdf',
          status: 'failed',
          provenance: 'dump/x.pdf',
          parentId: null,
          source: '/in/dump/x.pdf',
        },
        {
          t: 'failure',
          provenance: 'dump/x.pdf',
          sha256: sha,
          reason: 'limit-exceeded',
          message: 'x.pdf: too slow',
          stage: 'ingest',
        },
        {
          t: 'failure',
          provenance: 'dump/a.lnk',
          sha256: null,
          reason: 'not-followed',
          message: 'a.lnk: a link',
          stage: 'ingest',
        },
      ]);
      const all = await store.failures();
      assert.deepEqual(
        all.map((f) => [f.provenance, f.reason, f.itemId]),
        [
          ['dump/a.lnk', 'not-followed', null],
          ['dump/x.pdf', 'limit-exceeded', 'doc-kept'],
        ],
      );
      assert.deepEqual(await store.failureReasons(), ['limit-exceeded', 'not-followed']);
    });

    test('flags: idempotent by item, kind and evidence; evidence round-trips; a stage clears its own', async (t) => {
      const store = await backend.open(t);
      const ev = {
        domain: 'avancer.example',
        verified: 279,
        total: 283,
        rate: 0.9859,
        nested: { a: [1, 'é'] },
      };
      await store.addFlags([
        flag('m1', 'unsigned-from-signing-domain', ev),
        flag('m1', 'received-out-of-order'),
      ]);
      await store.addFlags([flag('m1', 'unsigned-from-signing-domain', ev)]);
      await store.addFlags([{ ...flag('d1', 'cyrillic-editor'), stage: 'metadata' }]);
      const m1 = await store.flagsOf('m1');
      assert.deepEqual(
        m1.map((f) => f.kind),
        ['received-out-of-order', 'unsigned-from-signing-domain'],
      );
      assert.deepEqual(m1[1]?.evidence, ev);
      assert.equal(await store.clearFlags('verify'), 2);
      assert.equal((await store.flagsOf('m1')).length, 0);
      assert.equal((await store.flagsOf('d1')).length, 1);
    });

    test('a transaction that fails leaves nothing behind', async (t) => {
      const store = (await backend.open(t)) as SqlCaseStore;
      await assert.rejects(
        store.db.transaction(async (tx) => {
          await tx.run('INSERT INTO meta(key, value) VALUES (?, ?)', ['k', 'v']);
          throw new Error('stop');
        }),
        /stop/,
      );
      assert.equal(await store.getMeta('k'), undefined);
    });

    test('a placeholder inside a string literal is not a parameter', async (t) => {
      const store = (await backend.open(t)) as SqlCaseStore;
      await store.setMeta('q', 'x');
      const row = await store.db.get<{ a: string; b: string }>(
        "SELECT '?' AS a, value AS b FROM meta WHERE key = ?",
        ['q'],
      );
      assert.deepEqual({ ...row }, { a: '?', b: 'x' });
    });

    test('sizes past 2^31 are kept exactly and read back as numbers', async (t) => {
      const store = (await backend.open(t)) as SqlCaseStore;
      const big = 9 * 1024 ** 3;
      await store.db.run('INSERT INTO blobs(sha256, size, mime) VALUES (?, ?, ?)', [
        'cd'.repeat(32),
        big,
        null,
      ]);
      const row = await store.db.get<{ size: number }>('SELECT size FROM blobs');
      assert.equal(row?.size, big);
    });
  });
}
