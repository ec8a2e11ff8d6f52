import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema } from '../../src/case/open.js';
import { awaitIngestEnd, finishIngestIfLast, INGEST_END_KEY, ingestEnqueued } from '../../src/team/finish.js';
import { teamCase, teamSkipReason } from './services.js';

/**
 * The end of a team ingest on real PostgreSQL: VACUUM ANALYZE of the search tables runs once, only
 * when no input file waits, by the first process to claim it; `ingest --wait` finds it done.
 */
const skip = await teamSkipReason();

const analyzed = async (store: SqlCaseStore, schema: string) =>
  (
    await store.db.all<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = ? AND last_analyze IS NOT NULL AND last_vacuum IS NOT NULL
        AND relname IN ('fts', 'items', 'emails', 'documents', 'addresses') ORDER BY relname`,
      [schema],
    )
  ).map((r) => r.relname);

describe('the end of a team ingest', { skip }, () => {
  test('runs once, after the last file, by whoever claims it first', async (t) => {
    const { store: s, caseName } = await teamCase(t, 'teamperf_');
    const store = s as SqlCaseStore;
    const schema = caseSchema(caseName);
    const files = ['/dump/a.eml', '/dump/b.eml'].map((source) => ({ source, size: 1, mtime_ms: 1 }));
    await store.markJournal(files, 'queued');
    await ingestEnqueued(store);
    // A file still waits: nobody prepares search yet.
    await store.applyRecords([], [{ source: '/dump/a.eml', items: 0 }]);
    assert.equal(await finishIngestIfLast(store), false);
    assert.equal(await store.getMeta(INGEST_END_KEY), 'pending');
    assert.deepEqual(await analyzed(store, schema), []);
    // The last file done: of three processes asking at once, exactly one runs it.
    await store.applyRecords([], [{ source: '/dump/b.eml', items: 0 }]);
    const ran = await Promise.all([
      finishIngestIfLast(store),
      finishIngestIfLast(store),
      finishIngestIfLast(store),
    ]);
    assert.deepEqual(ran.filter(Boolean).length, 1, `ran ${JSON.stringify(ran)}`);
    assert.equal(await store.getMeta(INGEST_END_KEY), 'done');
    assert.deepEqual(await analyzed(store, schema), ['addresses', 'documents', 'emails', 'fts', 'items']);
    // `ingest --wait` afterwards: already done by another process.
    assert.equal(await awaitIngestEnd(store), 'a worker');
    // A new ingest enqueued later: its end is prepared again, here by the waiting command.
    await ingestEnqueued(store);
    assert.equal(await awaitIngestEnd(store), 'this process');
    assert.equal(await store.getMeta(INGEST_END_KEY), 'done');
  });
});
