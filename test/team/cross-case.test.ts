import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { awaitIngestEnd } from '../../src/team/finish.js';
import { queueName } from '../../src/team/queue.js';
import { tally, waitForInputs } from '../../src/team/wait.js';
import { tempDir } from '../helpers.js';
import {
  makeDump,
  spawnWorker,
  sqlTeamCase,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamSkipReason,
  waitUntil,
} from './services.js';

/**
 * Two cases on one PostgreSQL database and one Redis (issue #15: an ingest stalled until two
 * leftover workers of another case were killed). The workers of case A, alive mid-job and then
 * left over with their case removed under them (as after a failed test run), never hold up the
 * ingest of case B by its own workers; and a second name that would fall on the schema of an
 * existing case (names are folded to lower case and cut) is refused instead of sharing its tables
 * with another queue.
 */
const skip = await teamSkipReason();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const TABLES = ['items', 'emails', 'documents', 'folders', 'blobs', 'addresses', 'failures', 'fts'];

/** Row counts and item ids: what a laptop ingest of the dump stores, and the team case must too. */
async function laptopRows(t: Parameters<typeof tempDir>[0], dump: string) {
  const store = Store.open(join(tempDir(t), 'case'));
  try {
    await ingestPaths(store, [dump], { workers: 0, silent: true });
    const counts = Object.fromEntries(
      TABLES.map((tb) => [
        tb,
        (store.db.prepare(`SELECT count(*) AS n FROM ${tb}`).get() as { n: number }).n,
      ]),
    );
    const ids = (store.db.prepare('SELECT id FROM items ORDER BY id').all() as { id: string }[]).map(
      (r) => r.id,
    );
    return { counts, ids };
  } finally {
    store.close();
  }
}

async function teamRows(store: SqlCaseStore) {
  const all = await store.counts();
  const counts = Object.fromEntries(TABLES.map((tb) => [tb, all[tb]]));
  const ids = (await store.db.all<{ id: string }>('SELECT id FROM items ORDER BY id')).map((r) => r.id);
  return { counts, ids };
}

describe('two team cases on one PostgreSQL and one Redis', { skip, concurrency: false }, () => {
  test("case B, its workers SIGKILLed, ends exact while case A's workers run beside it, then are left over with A removed", async (t) => {
    const dir = tempDir(t);
    const a = await sqlTeamCase(t, 'xa');
    const b = await sqlTeamCase(t, 'xb');
    const blobsA = join(dir, 'blobs-a');
    const blobsB = join(dir, 'blobs-b');
    const dumpB = makeDump(join(dir, 'b'), 200);
    const truth = await laptopRows(t, dumpB);
    // A holds forty times B's files, so that its two workers are still at it when B's first round
    // ends: 2,000 were all done by then on a quiet machine once workers started faster.
    await enqueueInputs(a.store, [makeDump(join(dir, 'a'), 8000)], {
      queueUrl: TEST_QUEUE_URL,
      caseName: a.caseName,
    });
    await enqueueInputs(b.store, [dumpB], { queueUrl: TEST_QUEUE_URL, caseName: b.caseName });
    // Every worker this test starts dies with it, pass or fail: a failed run must not leave any
    // behind (leftover workers of a failed run are what issue #15 suspected).
    const started: ReturnType<typeof spawnWorker>[] = [];
    const spawn = (caseName: string, blobs: string) => {
      const w = spawnWorker(caseName, blobs, 1);
      started.push(w);
      return w;
    };
    t.after(async () => {
      await Promise.all(started.map((w) => stopWorker(w, 'SIGKILL')));
    });
    const workersA = [spawn(a.caseName, blobsA), spawn(a.caseName, blobsA)];
    await waitUntil(async () => (await tally(a.store)).done >= 20, 300_000);
    let orphaned = false;
    for (let round = 0; round < 3; round++) {
      const pair = [spawn(b.caseName, blobsB), spawn(b.caseName, blobsB)];
      const before = (await tally(b.store)).done;
      await waitUntil(async () => (await tally(b.store)).done >= before + 20, 300_000);
      if (round === 0) {
        // A's workers were mid-job all along (A has more files than B).
        assert.ok((await tally(a.store)).waiting > 0, 'case A was still being ingested beside B');
        // Case A goes away under its live workers, as the clean-up of a failed test run does.
        const drop = await PgDb.connect(TEST_DATABASE_URL, caseSchema(a.caseName));
        await drop.dropSchema();
        await drop.close();
        const q = new Queue(queueName(a.caseName), { connection: { host: '127.0.0.1', port: 6379 } });
        await q.obliterate({ force: true });
        await q.close();
        orphaned = true;
      }
      for (const w of pair) await stopWorker(w, 'SIGKILL');
    }
    assert.ok(orphaned);
    // A worker whose case was removed stops by itself (it checks with its queue, every 5 s), as the
    // leftover workers of a failed test run should have.
    await waitUntil(async () => workersA.every((w) => w.exitCode !== null), 120_000, 200);
    assert.deepEqual(
      workersA.map((w) => w.exitCode),
      [0, 0],
    );
    const logs = readdirSync(dir).filter((f) => f.startsWith('worker-'));
    assert.equal(
      logs.filter((f) => readFileSync(join(dir, f), 'utf8').includes(`case "${a.caseName}" was removed`))
        .length,
      2,
    );
    const last = [spawn(b.caseName, blobsB), spawn(b.caseName, blobsB)];
    try {
      const end = await waitForInputs(b.store, { timeoutMs: 300_000 });
      assert.equal(end.failed, 0);
      await awaitIngestEnd(b.store);
    } finally {
      await Promise.all(last.map((w) => stopWorker(w)));
    }
    assert.deepEqual(await teamRows(b.store), truth);
  });

  test('a second name falling on the schema of an existing case is refused, by the library and the worker', async (t) => {
    const { caseName } = await sqlTeamCase(t, 'xc');
    const alias = caseName.toUpperCase();
    assert.equal(caseSchema(alias), caseSchema(caseName));
    assert.notEqual(queueName(alias), queueName(caseName), 'the alias would have a queue of its own');
    await assert.rejects(
      openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName: alias }),
      new RegExp(`falls on the schema ${caseSchema(caseName)} of the case "${caseName}"`),
    );
    const cli = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/leaklens.js'),
        'worker',
        '--database',
        TEST_DATABASE_URL,
        '--queue',
        TEST_QUEUE_URL,
        '--case-name',
        alias,
        '--blobs',
        join(tempDir(t), 'blobs'),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(cli.status, 2, cli.stderr);
    assert.match(cli.stderr, new RegExp(`use --case-name "${caseName}"`));
    assert.doesNotMatch(cli.stderr, /\n\s+at /, 'no stack trace');
    // The case's own name still opens it.
    const again = await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName });
    await again.close();
  });
});
