import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema } from '../../src/case/open.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { INGEST_END_KEY } from '../../src/team/finish.js';
import { waitForInputs } from '../../src/team/wait.js';
import { startWorker } from '../../src/team/worker.js';
import { tempDir } from '../helpers.js';
import { manyPagesPdf, ordinaryPdf } from '../hostile/gen-pdf.js';
import { blobFiles, makeDump, TEST_QUEUE_URL, teamCase, teamSkipReason } from './services.js';

/**
 * Team workers parse each file under the laptop ingest's per-file budget (parser processes of
 * src/ingest/pool.ts), against real PostgreSQL and Redis: the hostile test's slow PDF (100,000
 * distinct pages, page cap lifted) overruns its CPU time and costs one failure record, every
 * other file is ingested, and the case equals the laptop ingest of the same folder. The worker
 * that finishes the last job then analyzes the search tables.
 */
const skip = await teamSkipReason();

const TABLES = [
  'items',
  'emails',
  'documents',
  'folders',
  'locations',
  'blobs',
  'addresses',
  'failures',
  'fts',
];
/** 8 s of CPU: the ordinary files need well under a second each, however loaded the machine. */
const LIMITS = { ...DEFAULT_LIMITS, maxPdfPages: 200_000, maxFileSeconds: 8 };
const SLOW_FAILURE =
  /slow\.pdf: parsing used more than 8 s of CPU time \(maxFileSeconds\); stopped, file kept unparsed$/;

type Row = { provenance: string; reason: string; message: string };

function writeFolder(dir: string): string {
  const dump = makeDump(dir, 40);
  writeFileSync(join(dump, 'slow.pdf'), manyPagesPdf(100_000));
  writeFileSync(join(dump, 'report-a.pdf'), ordinaryPdf('Rapport annuel alpha'));
  writeFileSync(join(dump, 'report-b.pdf'), ordinaryPdf('Rapport beta'));
  return dump;
}

describe('team workers: the per-file budget and the end of the ingest', { skip }, () => {
  test('a file over its time budget costs one failure record; the rest equals the laptop ingest; search tables analyzed', async (t) => {
    const dir = tempDir(t);
    const dump = writeFolder(dir);

    const laptop = Store.open(join(dir, 'laptop'));
    t.after(() => laptop.close());
    await ingestPaths(laptop, [dump], { workers: 1, budget: true, limits: LIMITS, silent: true });
    const truth = {
      counts: Object.fromEntries(
        TABLES.map((tb) => [
          tb,
          (laptop.db.prepare(`SELECT count(*) AS n FROM ${tb}`).get() as { n: number }).n,
        ]),
      ),
      ids: (laptop.db.prepare('SELECT id FROM items ORDER BY id').all() as { id: string }[]).map((r) => r.id),
      failures: laptop.db
        .prepare('SELECT provenance, reason, message FROM failures ORDER BY provenance, reason')
        .all() as Row[],
      blobs: blobFiles(laptop.blobs.root),
    };
    // The laptop ingest itself stopped the slow file (the truth this test holds team mode to).
    assert.ok(truth.failures.some((f) => f.reason === 'limit-exceeded' && SLOW_FAILURE.test(f.message)));

    const { store: team, caseName } = await teamCase(t, 'teamperf_');
    const store = team as SqlCaseStore;
    const blobs = join(dir, 'team-blobs');
    const s = await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal(s.enqueued, s.files);
    assert.equal(await store.getMeta(INGEST_END_KEY), 'pending');
    const worker = startWorker(store, {
      queueUrl: TEST_QUEUE_URL,
      caseName,
      blobRoot: blobs,
      limits: LIMITS,
      lockDurationMs: 60_000,
    });
    try {
      const end = await waitForInputs(store, { timeoutMs: 600_000 });
      // The slow file is a recorded failure of its file, not a failed job: every file is done.
      assert.equal(end.failed, 0);
      // The worker that finished the last job prepares search before it takes another job.
      for (let i = 0; (await store.getMeta(INGEST_END_KEY)) !== 'done'; i++) {
        assert.ok(i < 1200, `the end of the ingest was not done: ${await store.getMeta(INGEST_END_KEY)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await worker.close();
    }

    const failures = await store.db.all<Row>(
      'SELECT provenance, reason, message FROM failures ORDER BY provenance, reason',
    );
    const slow = failures.filter((f) => f.provenance.endsWith('slow.pdf'));
    assert.equal(slow.length, 1);
    assert.equal(slow[0]!.reason, 'limit-exceeded');
    assert.match(slow[0]!.message, SLOW_FAILURE);
    const failed = await store.db.all<{ status: string; size: number }>(
      "SELECT status, size FROM items WHERE name = 'slow.pdf'",
    );
    // The original is kept byte for byte as a failed item, as the laptop ingest keeps it.
    assert.deepEqual(failed, [{ status: 'failed', size: statSync(join(dump, 'slow.pdf')).size }]);
    const pdfs = await store.db.all<{ name: string; text: string }>(
      "SELECT i.name, d.text FROM items i JOIN documents d ON d.id = i.id WHERE i.name LIKE 'report-%' ORDER BY i.name",
    );
    assert.deepEqual(pdfs, [
      { name: 'report-a.pdf', text: 'Rapport annuel alpha' },
      { name: 'report-b.pdf', text: 'Rapport beta' },
    ]);

    const all = await store.counts();
    assert.deepEqual(
      {
        counts: Object.fromEntries(TABLES.map((tb) => [tb, all[tb]])),
        ids: (await store.db.all<{ id: string }>('SELECT id FROM items ORDER BY id')).map((r) => r.id),
        failures,
        blobs: blobFiles(blobs),
      },
      truth,
    );

    // VACUUM ANALYZE ran on the search tables of this case's schema (by hand, not autovacuum).
    const stats = await store.db.all<{ relname: string; analyzed: boolean; vacuumed: boolean }>(
      `SELECT relname, last_analyze IS NOT NULL AS analyzed, last_vacuum IS NOT NULL AS vacuumed
         FROM pg_stat_user_tables WHERE schemaname = ? AND relname IN ('fts', 'items', 'emails', 'documents')
        ORDER BY relname`,
      [caseSchema(caseName)],
    );
    assert.deepEqual(
      stats.map((r) => [r.relname, r.analyzed, r.vacuumed]),
      ['documents', 'emails', 'fts', 'items'].map((n) => [n, true, true]),
    );
  });
});
