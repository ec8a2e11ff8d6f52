import { type Job, Worker } from 'bullmq';
import type { CaseStore } from '../case/case-store.js';
import { isDatabaseUnavailable } from '../case/pg-db.js';
import { DEFAULT_LIMITS, type Limits } from '../ingest/limits.js';
import type { IngestRecord } from '../ingest/records.js';
import { runFileTask } from '../ingest/task.js';
import { BlobStore } from '../store/blob-store.js';
import { type IngestJob, queueName, redisConnection } from './queue.js';

export interface WorkerOptions {
  queueUrl: string;
  caseName: string;
  /** The blob directory every worker and server sees (a shared directory). */
  blobRoot: string;
  limits?: Limits;
  /** Files parsed at once by this process (parsing is CPU-bound: one per core, one process each). */
  concurrency?: number;
  /**
   * How long a job stays locked to a worker that stops renewing it (killed, frozen) before another
   * worker takes it over. Shorter means faster recovery and more Redis traffic.
   */
  lockDurationMs?: number;
}

const itemsIn = (recs: readonly IngestRecord[]) => recs.filter((r) => r.t === 'item').length;

/**
 * Ingests one input file of the team queue into the case: the same parsing as the laptop ingest
 * (runFileTask), records stored as they come, the last batch and the journal's 'done' in one
 * transaction. Every insert is idempotent, so a job redone after a killed worker adds nothing twice.
 */
export async function ingestJob(
  store: CaseStore,
  blobs: BlobStore,
  limits: Limits,
  job: IngestJob,
): Promise<number> {
  const { task } = job;
  let pending: IngestRecord[] | null = null;
  let items = 0;
  await runFileTask(task, limits, blobs, async (recs) => {
    if (pending) {
      items += itemsIn(pending);
      await store.applyRecords(pending);
    }
    pending = recs;
  });
  const last: IngestRecord[] = pending ?? [];
  items += itemsIn(last);
  await store.applyRecords(last, { source: task.path, items });
  return items;
}

/** How long a worker waits for the database to come back before its job counts as failed. */
export const DATABASE_WAIT_MS = 30 * 60_000;

/** Polls the database until it answers again (a restart, a fail-over), at most `maxMs`. */
export async function waitForDatabase(store: CaseStore, maxMs = DATABASE_WAIT_MS): Promise<void> {
  const t0 = Date.now();
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await store.ping();
      return;
    } catch (err) {
      if (Date.now() - t0 > maxMs) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * Runs a job; when the database goes away under it, waits for the database and runs the job again
 * (every insert is idempotent), instead of spending the job's attempts on an outage. Errors of the
 * file itself go to BullMQ's retries as usual.
 */
export async function ingestJobWaitingForDatabase(
  store: CaseStore,
  blobs: BlobStore,
  limits: Limits,
  job: IngestJob,
): Promise<number> {
  for (;;) {
    try {
      return await ingestJob(store, blobs, limits, job);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      await waitForDatabase(store);
    }
  }
}

/** A job that failed its last attempt: its file becomes a failure record, never a lost file. */
async function recordFinalFailure(store: CaseStore, job: Job<IngestJob>, err: Error): Promise<void> {
  const { task } = job.data;
  await store.addFailure({
    provenance: task.provenance,
    sha256: null,
    reason: 'error',
    message: `${task.provenance}: not ingested after ${job.attemptsMade} attempt(s) by team workers: ${err.message}`,
    stage: 'ingest',
  });
  await store.markJournal([{ source: task.path, size: task.size, mtime_ms: task.mtimeMs }], 'failed');
}

/**
 * Starts a worker on the case's queue. Returns the BullMQ worker; `close()` lets running jobs
 * finish. Jobs are retried with exponential back-off (see queue.ts); a job whose worker died is
 * taken over when its lock expires, up to as many times as a job is attempted.
 * @example const w = await startWorker(store, { queueUrl: 'redis://127.0.0.1:6379', caseName: 'macron', blobRoot: '/srv/leaklens/blobs' });
 */
export function startWorker(store: CaseStore, opts: WorkerOptions): Worker<IngestJob> {
  const blobs = new BlobStore(opts.blobRoot);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker<IngestJob>(
    queueName(opts.caseName),
    (job) => ingestJobWaitingForDatabase(store, blobs, limits, job.data),
    {
      connection: redisConnection(opts.queueUrl),
      concurrency: opts.concurrency ?? 1,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 3,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const stalledOut = /stalled more than allowable limit/.test(err.message);
    if (stalledOut || job.attemptsMade >= (job.opts.attempts ?? 1))
      void recordFinalFailure(store, job, err).catch(() => undefined);
  });
  // Redis or PostgreSQL away: BullMQ reconnects by itself; keep the process alive meanwhile.
  worker.on('error', () => undefined);
  return worker;
}
