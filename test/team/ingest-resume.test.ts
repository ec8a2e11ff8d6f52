import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Job, Queue } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../../src/case/case-store.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { resumeIngestJobs } from '../../src/team/ingest-resume.js';
import { type IngestJob, queueName, redisConnection } from '../../src/team/queue.js';
import { resumeIfQueueLost } from '../../src/team/stage-runs.js';
import { requeueStalled } from '../../src/team/worker.js';
import { tempDir } from '../helpers.js';
import { makeDump, TEST_QUEUE_URL, teamCase, teamSkipReason } from './services.js';

/**
 * Ingest jobs enqueued again from what PostgreSQL holds, with no worker (the end to end run, Redis
 * SIGKILLed under real workers, is in ingest.test.ts): after the queue is deleted, each job with a
 * file not done comes back once, under its own id, with exactly the files not done as `ingest`
 * listed them; a job still queued keeps its place; a job enqueued anew after it stalled out comes
 * back as that job.
 */
const skip = await teamSkipReason();

/** The ids of the ingest jobs the database keeps (ingest_jobs). */
const keptJobs = async (store: CaseStore) =>
  (
    await (store as SqlCaseStore).db.all<{ job_id: string }>('SELECT job_id FROM ingest_jobs ORDER BY job_id')
  ).map((r) => r.job_id);

const queued = async (q: Queue<IngestJob>) =>
  new Map(
    (await q.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).map((j) => [j.id as string, j.data]),
  );

describe('ingest jobs enqueued again from the database', { skip, concurrency: false }, () => {
  test('after the queue is deleted: the jobs of the files not done, once, with those files only', async (t) => {
    const dir = tempDir(t);
    const dump = makeDump(dir, 150);
    const { store, caseName } = await teamCase(t, 'rq_');
    const q = new Queue<IngestJob>(queueName(caseName), { connection: redisConnection(TEST_QUEUE_URL) });
    t.after(() => q.close());
    const s = await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
    const enqueued = await queued(q);
    assert.ok(enqueued.size >= 3, `${enqueued.size} jobs`);
    assert.equal(
      [...enqueued.values()].reduce((n, j) => n + j.tasks.length, 0),
      s.files,
    );
    // The tasks as `ingest` listed them (provenance, parent folder, size, mtime), job by job.
    const listed = new Map(enumerateInputs([dump]).tasks.map((x) => [x.path, x]));
    for (const job of enqueued.values()) for (const x of job.tasks) assert.deepEqual(x, listed.get(x.path));

    // Nothing lost: the first check sets the mark and adds nothing; the jobs queued keep their place.
    assert.deepEqual(await resumeIfQueueLost(store, q), []);
    assert.deepEqual(await resumeIngestJobs(store, q), []);
    assert.deepEqual(await queued(q), enqueued);

    // The first job's files all done, the second's first 10, then the queue deleted with every job.
    const [first, second, ...rest] = [...enqueued];
    if (!first || !second) throw new Error('unreachable');
    const done = [...first[1].tasks, ...second[1].tasks.slice(0, 10)];
    await store.applyRecords(
      [],
      done.map((x) => ({ source: x.path, items: 0 })),
    );
    await q.obliterate({ force: true });
    assert.equal((await queued(q)).size, 0);
    const resumed = await resumeIfQueueLost(store, q);
    assert.deepEqual(resumed.sort(), [second[0], ...rest.map(([id]) => id)].sort());
    assert.deepEqual(
      await keptJobs(store),
      [second[0], ...rest.map(([id]) => id)].sort(),
      'a job done is forgotten',
    );
    assert.deepEqual(await resumeIfQueueLost(store, q), [], 'once only');
    const back = await queued(q);
    assert.deepEqual(
      new Map([...back].map(([id, j]) => [id, j.tasks])),
      new Map([[second[0], second[1].tasks.slice(10)], ...rest.map(([id, j]) => [id, j.tasks] as const)]),
      'the same ids, with the files not done in the same order',
    );

    // A job that stalled out is enqueued anew (its files not done, under a new id): that job is
    // the one put back, with its count of restarts, not the one it replaced.
    const [stalledId, stalledData] = rest[0] ?? second;
    const stalled = { id: stalledId, data: stalledData } as unknown as Job<IngestJob>;
    await q.obliterate({ force: true });
    assert.equal(await requeueStalled(store, () => q as Queue, stalled), true);
    const again = [...(await queued(q))];
    assert.equal(again.length, 1);
    const [requeuedId, requeued] = again[0] as [string, IngestJob];
    assert.equal(requeuedId, `${stalledId}-r1`);
    await q.obliterate({ force: true });
    const second2 = await resumeIngestJobs(store, q);
    assert.ok(second2.includes(requeuedId) && !second2.includes(stalledId), JSON.stringify(second2));
    assert.ok(!(await keptJobs(store)).includes(stalledId), 'the stalled job is replaced by the new one');
    assert.deepEqual((await q.getJob(requeuedId))?.data, requeued);
    assert.equal(requeued.restarts, 1);
  });
});
