import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { enqueueMetadata, TEAM_METADATA_META } from '../../src/team/metadata-job.js';
import { queueName, redisConnection } from '../../src/team/queue.js';
import { resumeIfQueueLost, resumeStageRuns } from '../../src/team/stage-runs.js';
import { enqueueTriage } from '../../src/team/triage-job.js';
import { enqueueVerify } from '../../src/team/verify-jobs.js';
import { sqlTeamCase, TEST_QUEUE_URL, teamSkipReason } from './services.js';

/**
 * Resuming stage runs from what PostgreSQL holds, with no worker: the runs still open get their
 * first job back once, a job still queued is not added twice, a run that ended is left alone.
 */
const skip = await teamSkipReason();

const jobIds = async (q: Queue) =>
  (await q.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).map((j) => j.id).sort();

describe('stage runs resumed from the database', { skip, concurrency: false }, () => {
  test('after the queue is deleted: each open run enqueued again once; an ended run not at all', async (t) => {
    const { store, caseName } = await sqlTeamCase(t, 'resume_');
    const opts = { queueUrl: TEST_QUEUE_URL, caseName };
    const q = new Queue(queueName(caseName), { connection: redisConnection(TEST_QUEUE_URL) });
    t.after(() => q.close());
    const verify = await enqueueVerify(store, { ...opts, batchSize: 7 });
    const metadata = await enqueueMetadata(store, opts);
    const triage = await enqueueTriage(store, opts);
    const started = await jobIds(q);
    assert.deepEqual(started, [`metadata-run-${metadata}`, `triage-run-${triage}`, `verify-plan-${verify}`]);
    // Nothing lost: the mark is set at the first check, and nothing is added twice.
    await resumeIfQueueLost(store, q);
    assert.deepEqual(await resumeIfQueueLost(store, q), []);
    assert.deepEqual(await resumeStageRuns(store, q), [], 'jobs still queued keep their place');
    assert.deepEqual(await jobIds(q), started);
    // The metadata run ends; then the queue is deleted with every job in it.
    await store.setMeta(TEAM_METADATA_META, JSON.stringify({ runId: metadata, state: 'done' }));
    await q.obliterate({ force: true });
    assert.deepEqual(await jobIds(q), []);
    const resumed = await resumeIfQueueLost(store, q);
    assert.deepEqual(resumed.sort(), [`triage-run-${triage}`, `verify-plan-${verify}`]);
    assert.deepEqual(await resumeIfQueueLost(store, q), [], 'once only');
    assert.deepEqual(await jobIds(q), [`triage-run-${triage}`, `verify-plan-${verify}`]);
    // The job enqueued again carries the run's own data (here its batch size).
    const plan = await q.getJob(`verify-plan-${verify}`);
    assert.deepEqual(plan?.data, { runId: verify, batchSize: 7 });
    // A newer run replaces an older one: only the newer is resumed.
    const verify2 = await enqueueVerify(store, opts);
    await q.obliterate({ force: true });
    assert.deepEqual((await resumeIfQueueLost(store, q)).sort(), [
      `triage-run-${triage}`,
      `verify-plan-${verify2}`,
    ]);
  });
});
