import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { openCaseStore } from '../../src/case/open.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { search } from '../../src/search/search.js';
import { searchCase } from '../../src/search/search-case.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { awaitIngestEnd } from '../../src/team/finish.js';
import { queueName } from '../../src/team/queue.js';
import { tally, waitForInputs } from '../../src/team/wait.js';
import { tempDir } from '../helpers.js';
import {
  blobFiles,
  makeDump,
  privatePostgres,
  privatePostgresSkipReason,
  privateRedisSkipReason,
  spawnWorker,
  startPrivateRedis,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamCase,
  teamSkipReason,
  waitUntil,
} from './services.js';

/**
 * Team ingest against real PostgreSQL and Redis (no mocks): any number of `leaklens worker`
 * processes, killed or not, end with exactly the rows and blobs of a single-process SQLite ingest.
 */
const skip = await teamSkipReason();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

/** Queries whose hit counts a team case must share with the laptop case of the same dump. */
const SEARCHES = ['bunny', 'EML', '"test email"', 'attachment', 'txt', 'zip'];

/** The flags the end of an ingest writes (e-mails sharing a Message-ID). */
const INGEST_FLAGS =
  "SELECT id, item_id, kind, message, evidence_json FROM flags WHERE stage = 'ingest' ORDER BY id";

/** What the laptop ingest of the same dump stores: the truth team mode must reproduce. */
async function laptopTruth(
  t: Parameters<typeof tempDir>[0],
  dump: string,
  caseDir = join(tempDir(t), 'case'),
) {
  const store = Store.open(caseDir);
  try {
    await ingestPaths(store, [dump], { workers: 0, silent: true });
    const counts: Record<string, number> = {};
    for (const tb of TABLES)
      counts[tb] = (store.db.prepare(`SELECT count(*) AS n FROM ${tb}`).get() as { n: number }).n;
    const ids = (store.db.prepare('SELECT id FROM items ORDER BY id').all() as { id: string }[]).map(
      (r) => r.id,
    );
    const failures = (
      store.db.prepare('SELECT provenance, reason FROM failures ORDER BY provenance, reason').all() as {
        provenance: string;
        reason: string;
      }[]
    ).map((r) => `${r.provenance} ${r.reason}`);
    const flags = store.db.prepare(INGEST_FLAGS).all();
    return { counts, ids, failures, flags, blobs: blobFiles(store.blobs.root) };
  } finally {
    store.close();
  }
}

async function teamResult(store: SqlCaseStore, blobRoot: string) {
  const all = await store.counts();
  const counts = Object.fromEntries(TABLES.map((tb) => [tb, all[tb]]));
  const ids = (await store.db.all<{ id: string }>('SELECT id FROM items ORDER BY id')).map((r) => r.id);
  const failures = (
    await store.db.all<{ provenance: string; reason: string }>(
      'SELECT provenance, reason FROM failures ORDER BY provenance, reason',
    )
  ).map((r) => `${r.provenance} ${r.reason}`);
  const flags = (await store.db.all<Record<string, unknown>>(INGEST_FLAGS)).map((r) => ({ ...r }));
  return { counts, ids, failures, flags, blobs: blobFiles(blobRoot) };
}

describe('team ingest on PostgreSQL + Redis', { skip, concurrency: false }, () => {
  for (const n of [1, 2, 3]) {
    test(`${n} worker process(es) give exactly the single-process SQLite result`, async (t) => {
      const dir = tempDir(t);
      const dump = makeDump(dir, 60);
      const truth = await laptopTruth(t, dump);
      const { store, caseName } = await teamCase(t);
      const blobs = join(dir, 'team-blobs');
      const s = await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
      assert.equal(s.enqueued, s.files);
      const workers = Array.from({ length: n }, () => spawnWorker(caseName, blobs));
      try {
        const tally = await waitForInputs(store, { timeoutMs: 240_000 });
        assert.equal(tally.failed, 0);
        // As `ingest --wait` does: the end of the ingest (its flags), done by a worker or here.
        await awaitIngestEnd(store);
      } finally {
        await Promise.all(workers.map((w) => stopWorker(w)));
      }
      const got = await teamResult(store as SqlCaseStore, blobs);
      assert.equal(got.flags.length >= 2, true, 'the two e-mails sharing a Message-ID are flagged');
      assert.deepEqual(got, truth);
      if (n === 1) {
        // The team case's failures are listed by the same command as a laptop case's.
        const cli = spawnSync(
          process.execPath,
          [
            join(ROOT, 'bin/leaklens.js'),
            'errors',
            '--database',
            TEST_DATABASE_URL,
            '--case-name',
            caseName,
            '--json',
          ],
          { encoding: 'utf8' },
        );
        assert.equal(cli.status, 0, cli.stderr);
        const listed = (JSON.parse(cli.stdout) as { provenance: string; reason: string }[]).map(
          (f) => `${f.provenance} ${f.reason}`,
        );
        assert.deepEqual(listed.sort(), [...truth.failures].sort());
        assert.ok(listed.length > 0, 'the dump holds files that fail (an encrypted zip)');
      }
      // Enqueuing the same dump again finds every file done: nothing to do, nothing added.
      const again = await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
      assert.equal(again.enqueued, 0);
      assert.equal(again.skipped, s.files);
    });
  }

  test('workers SIGKILLed at random moments, several times: the case ends complete, nothing doubled', async (t) => {
    const dir = tempDir(t);
    const dump = makeDump(dir, 400);
    const truth = await laptopTruth(t, dump);
    const { store, caseName } = await teamCase(t);
    const blobs = join(dir, 'team-blobs');
    await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
    // A fixed sequence of "random" moments (seeded), so a failure can be replayed.
    let seed = 17;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let kills = 0;
    const midway: Awaited<ReturnType<typeof tally>>[] = [];
    for (let round = 0; round < 4; round++) {
      const pair = [spawnWorker(caseName, blobs, 1), spawnWorker(caseName, blobs, 1)];
      // Killed with the test if it fails before the round ends: a failed run must leave no worker.
      t.after(() => Promise.all(pair.map((w) => stopWorker(w, 'SIGKILL'))).then(() => undefined));
      // Kill once the pair has made progress (worker start-up takes seconds on a loaded machine),
      // at a random moment after it: mid-job, between jobs, or mid-commit.
      const before = (await tally(store)).done;
      await waitUntil(async () => (await tally(store)).done >= before + 25, 300_000);
      await new Promise((r) => setTimeout(r, rand() * 400));
      midway.push(await tally(store));
      for (const w of pair) {
        await stopWorker(w, 'SIGKILL');
        kills++;
      }
    }
    const last = [spawnWorker(caseName, blobs, 1), spawnWorker(caseName, blobs, 1)];
    try {
      const tally = await waitForInputs(store, { timeoutMs: 300_000 });
      await awaitIngestEnd(store);
      assert.equal(tally.failed, 0, 'a killed job is taken over, not failed');
    } finally {
      await Promise.all(last.map((w) => stopWorker(w)));
    }
    assert.equal(kills, 8);
    // The kills landed while the dump was being ingested, not before it started or after it ended.
    assert.ok(
      midway.filter((m) => m.done > 0 && m.waiting > 0).length >= 2,
      `kills did not land mid-ingest: ${JSON.stringify(midway)}`,
    );
    assert.deepEqual(await teamResult(store as SqlCaseStore, blobs), truth);
  });

  test('Redis SIGKILLed mid-ingest and restarted empty: the workers enqueue the lost jobs again, `ingest --wait` returns, the case is exact', {
    skip: privateRedisSkipReason(),
  }, async (t) => {
    const dir = tempDir(t);
    const dump = makeDump(dir, 300);
    const laptopCase = join(dir, 'laptop-case');
    const truth = await laptopTruth(t, dump, laptopCase);
    const { store, caseName } = await teamCase(t, 'rq_');
    const blobs = join(dir, 'team-blobs');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const queueUrl = `redis://127.0.0.1:${port}`;
    let redis = await startPrivateRedis(port);
    t.after(() => stopWorker(redis, 'SIGKILL'));
    // The one `ingest` command of the case, as a user runs it: it enqueues, then follows the workers.
    const ingest = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/leaklens.js'),
        'ingest',
        dump,
        '--database',
        TEST_DATABASE_URL,
        '--queue',
        queueUrl,
        '--case-name',
        caseName,
        '--wait',
        '--json',
        '--no-verify',
        '--no-ocr',
        '--no-analyze',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LEAKLENS_PROGRESS: '0' } },
    );
    let out = '';
    let err = '';
    ingest.stdout.on('data', (d) => {
      out += d;
    });
    ingest.stderr.on('data', (d) => {
      err += d;
    });
    const ended = new Promise<number | null>((r) => ingest.once('exit', (code) => r(code)));
    const workers = [spawnWorker(caseName, blobs, 1, queueUrl), spawnWorker(caseName, blobs, 1, queueUrl)];
    // Stopped before the case's own teardown drops its schema, whatever the outcome.
    try {
      await waitUntil(async () => (await tally(store)).done >= 40, 120_000);
      await stopWorker(redis, 'SIGKILL'); // every queued job is lost with it (no persistence)
      const atCrash = await tally(store);
      assert.ok(atCrash.waiting > 0, 'Redis went away while files were still waiting');
      redis = await startPrivateRedis(port);
      // Nobody enqueues anything again: the workers see the queue's mark gone and put back the jobs
      // of the files the journal has not done; the first `ingest --wait` sees them done and returns.
      const code = await Promise.race([
        ended,
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 300_000).unref()),
      ]);
      assert.notEqual(code, 'timeout', `ingest --wait did not return: ${JSON.stringify(await tally(store))}`);
      assert.equal(code, 0, err);
      const result = JSON.parse(out) as {
        files: number;
        waited: { done: number; failed: number; waiting: number };
      };
      assert.deepEqual(result.waited, { done: result.files, failed: 0, waiting: 0 });
    } finally {
      await Promise.all([...workers.map((w) => stopWorker(w)), stopWorker(ingest, 'SIGKILL')]);
    }
    assert.deepEqual(await teamResult(store as SqlCaseStore, blobs), truth);
    // Each job forgotten by the worker that finished it: the database keeps no job once all are done.
    assert.deepEqual(await (store as SqlCaseStore).db.all('SELECT job_id FROM ingest_jobs'), []);
    // The search counts too: each query finds as many hits as on the laptop case.
    const laptop = Store.open(laptopCase);
    try {
      for (const q of SEARCHES) {
        const want = search(laptop, q).total;
        assert.ok(want > 0, `search ${q} finds something`);
        assert.equal((await searchCase((store as SqlCaseStore).db, q)).total, want, `search ${q}`);
      }
    } finally {
      laptop.close();
    }
  });

  test('PostgreSQL restarted (as after a crash) mid-ingest: workers wait, resume, nothing lost or doubled', {
    skip: privatePostgresSkipReason(),
  }, async (t) => {
    const dir = tempDir(t);
    const dump = makeDump(dir, 300);
    const truth = await laptopTruth(t, dump);
    const pgPort = 20000 + Math.floor(Math.random() * 20000);
    const pg = privatePostgres(join(dir, 'pg'), pgPort);
    t.after(() => {
      try {
        pg.stop('immediate');
      } catch {}
    });
    // A name of its own: the PostgreSQL is private but the queue is on the shared Redis, where two
    // runs of this test (two checkouts, or one left over from a failed run) would share one queue,
    // each one's workers taking the other's jobs into the other database.
    const caseName = `restart${randomBytes(6).toString('hex')}`;
    const store = await openCaseStore({ databaseUrl: pg.url, caseName });
    t.after(() => store.close());
    const blobs = join(dir, 'team-blobs');
    await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
    const workers = [1, 2].map(() => spawnWorker(caseName, blobs, 2, TEST_QUEUE_URL, pg.url));
    t.after(async () => {
      const q = new Queue(queueName(caseName), { connection: { host: '127.0.0.1', port: 6379 } });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    });
    try {
      await waitUntil(async () => (await tally(store)).done >= 40, 120_000);
      pg.stop('immediate');
      await new Promise((r) => setTimeout(r, 3000)); // workers hit the outage mid-job
      pg.start();
      const end = await waitForInputs(store, { timeoutMs: 300_000 });
      await awaitIngestEnd(store);
      assert.equal(end.failed, 0, 'an outage is waited out, not counted as a failed file');
    } finally {
      await Promise.all(workers.map((w) => stopWorker(w)));
    }
    assert.deepEqual(await teamResult(store as SqlCaseStore, blobs), truth);
  });
});
