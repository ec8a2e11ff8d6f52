import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Job, Queue } from 'bullmq';
import { type IngestJob, type QueuedTask, queueName, STALL_REQUEUES } from '../../src/team/queue.js';
import { requeueStalled } from '../../src/team/worker.js';
import { TEST_QUEUE_URL, teamCase, teamSkipReason } from './services.js';

/**
 * A job that stalled out (its worker killed or frozen more often than BullMQ allows) is not the
 * files' fault: its files not done go back into the real queue as a new job, a bounded number of
 * times, before they become failure records. Real PostgreSQL journal, real Redis queue.
 */
const skip = await teamSkipReason();

const task = (name: string): QueuedTask => ({
  path: `/dump/${name}`,
  provenance: name,
  size: 10,
  mtimeMs: 1,
});

describe('a job that stalled out', { skip }, () => {
  test('its files not done are enqueued anew, at most STALL_REQUEUES times', async (t) => {
    const { store, caseName } = await teamCase(t, 'requeue_');
    const tasks = ['a.eml', 'b.eml', 'c.eml'].map(task);
    await store.markJournal(
      tasks.map((x) => ({ source: x.path, size: x.size, mtime_ms: x.mtimeMs })),
      'queued',
    );
    await store.applyRecords([], [{ source: '/dump/b.eml', items: 0 }]);
    const u = new URL(TEST_QUEUE_URL);
    const queue = new Queue<IngestJob>(queueName(caseName), {
      connection: { host: u.hostname, port: Number(u.port || 6379) },
    });
    t.after(() => queue.close());
    const stalled = (restarts?: number) => ({ data: { tasks, restarts } }) as unknown as Job<IngestJob>;

    assert.equal(await requeueStalled(store, () => queue, stalled()), true);
    const waiting = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    assert.equal(waiting.length, 1);
    const again = waiting[0] as Job<IngestJob>;
    assert.deepEqual(
      again.data.tasks.map((x) => x.provenance),
      ['a.eml', 'c.eml'],
      'the file already done is not parsed again',
    );
    assert.equal(again.data.restarts, 1);
    assert.equal(again.opts.attempts, 4);

    // Its share used up: no new job, the caller records the failures.
    assert.equal(await requeueStalled(store, () => queue, stalled(STALL_REQUEUES)), false);
    assert.equal((await queue.getJobs(['waiting', 'delayed', 'prioritized'])).length, 1);
  });
});
