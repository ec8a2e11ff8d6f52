import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { metadataStage } from '../../src/analyze/metadata-outliers.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import type { SqlDb } from '../../src/case/sql-db.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { enqueueMetadata, waitForMetadata } from '../../src/team/metadata-job.js';
import { queueName } from '../../src/team/queue.js';
import { OUTSIDER, writeDump } from '../documents/gen/dump.js';
import { tempDir } from '../helpers.js';
import { spawnWorker, stopWorker, TEST_DATABASE_URL, TEST_QUEUE_URL, teamSkipReason } from './services.js';

/**
 * The metadata stage as a team job, against real PostgreSQL and Redis: on the generated dump with
 * planted spreadsheets (test/documents/gen/dump.ts), two `leaklens worker` processes ingest it and
 * run the stage, and the case ends with exactly the outlier flags and people table of the laptop.
 */
const skip = await teamSkipReason();

async function metadataRows(db: SqlDb) {
  const flags = await db.all(
    `SELECT id, item_id, kind, severity, message, evidence_json FROM flags WHERE stage = 'metadata' ORDER BY id`,
  );
  const people = await db.all(
    `SELECT key, name, addresses_json, roles_json, documents, emails, examples_json, first_date, last_date,
       writing_system, app_languages_json, timezones_json, flags_json FROM people ORDER BY key`,
  );
  return { flags, people };
}

describe('team metadata on PostgreSQL + Redis', { skip, concurrency: false }, () => {
  test('2 worker processes give exactly the flags and people of the laptop case', async (t) => {
    const dir = tempDir(t);
    const dump = join(dir, 'dump');
    await writeDump(dump);
    const laptop = Store.open(join(dir, 'case'));
    let truth: Awaited<ReturnType<typeof metadataRows>>;
    try {
      await ingestPaths(laptop, [dump], { workers: 0, silent: true });
      await metadataStage.run(laptop, { silent: true });
      truth = await metadataRows(new SqliteDb(laptop.db));
    } finally {
      laptop.close();
    }
    const kinds = new Set(truth.flags.map((f) => (f as { kind: string }).kind));
    for (const k of ['outside-editor', 'edit-burst', 'foreign-timezone', 'modified-after-email'])
      assert.ok(kinds.has(k), `laptop truth lacks ${k}`);
    assert.ok(truth.people.some((p) => (p as { name: string }).name === OUTSIDER));

    const caseName = `stagejobs_${randomBytes(5).toString('hex')}`;
    const store = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName })) as SqlCaseStore;
    t.after(async () => {
      await store.close();
      const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(caseName));
      await db.dropSchema();
      await db.close();
      const q = new Queue(queueName(caseName), { connection: { host: '127.0.0.1', port: 6379 } });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    });
    await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
    // Enqueued before any worker runs: the job must wait for the ingest jobs.
    const runId = await enqueueMetadata(store, { queueUrl: TEST_QUEUE_URL, caseName });
    const blobs = join(dir, 'team-blobs');
    const workers = [spawnWorker(caseName, blobs), spawnWorker(caseName, blobs)];
    try {
      const s = await waitForMetadata(store, runId, { timeoutMs: 240_000 });
      assert.equal(s.state, 'done', s.error);
      assert.equal(s.counts?.flags, truth.flags.length);
    } finally {
      await Promise.all(workers.map((w) => stopWorker(w)));
    }
    const team = await metadataRows(store.db);
    assert.deepEqual(team.flags, truth.flags);
    assert.deepEqual(team.people, truth.people);
  });
});
