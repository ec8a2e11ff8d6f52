import { type Job, Worker } from 'bullmq';
import type { CaseStore } from '../case/case-store.js';
import { isDatabaseUnavailable } from '../case/pg-db.js';
import { DEFAULT_LIMITS, type Limits } from '../ingest/limits.js';
import type { IngestRecord } from '../ingest/records.js';
import { runFileTask } from '../ingest/task.js';
import { BlobStore } from '../store/blob-store.js';
import { isMetadataJob, type MetadataJob, metadataJob, recordMetadataFailure } from './metadata-job.js';
import { type IngestJob, queueName, redisConnection } from './queue.js';
import { isVerifyJob, recordVerifyFailure, type VerifyJob, verifyJob } from './verify-jobs.js';

/**
 * A job of the case queue: a group of files to ingest, a part of a verify run (verify-jobs.ts), or
 * the metadata stage (metadata-job.ts).
 */
export type TeamJob = IngestJob | VerifyJob | MetadataJob;

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

/** Records of finished files wait for this many before they commit together with their done marks. */
const COMMIT_RECORDS = 4000;

/** Errors of the machine, not of the file: the job is retried instead of failing the file. */
const INFRASTRUCTURE_CODES = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EIO', 'EROFS', 'ENOENT', 'EMFILE']);
const isInfrastructure = (err: unknown) =>
  isDatabaseUnavailable(err) || INFRASTRUCTURE_CODES.has(String((err as { code?: unknown })?.code));

/**
 * Ingests a group of input files into the case, with the same parsing as the laptop ingest
 * (runFileTask). Finished files are committed together, each file's 'done' in the same
 * transaction as its last records; a big file's earlier batches go in as they come. Files the
 * journal already has done (a job redone after a killed worker) are skipped, and every insert is
 * idempotent, so a redone job adds nothing twice. A file whose parsing throws becomes a failure
 * record and the job goes on (failures are data); an error of the machine (database away, blob
 * directory unwritable) fails the job, to be retried.
 */
export async function ingestJob(
  store: CaseStore,
  blobs: BlobStore,
  limits: Limits,
  job: IngestJob,
): Promise<number> {
  let queued: IngestRecord[] = [];
  let done: { source: string; items: number }[] = [];
  let total = 0;
  const commit = async () => {
    if (!queued.length && !done.length) return;
    await store.applyRecords(queued, done);
    queued = [];
    done = [];
  };
  for (const task of job.tasks) {
    const row = await store.journal(task.path);
    if (row?.status === 'done' && row.size === task.size && row.mtime_ms === task.mtimeMs) continue;
    let file: IngestRecord[] = [];
    let items = 0;
    try {
      await runFileTask(task, limits, blobs, async (recs) => {
        file.push(...recs);
        if (file.length < COMMIT_RECORDS) return;
        items += itemsIn(file);
        await store.applyRecords(file);
        file = [];
      });
    } catch (err) {
      if (isInfrastructure(err)) throw err;
      file.push({
        t: 'failure',
        provenance: task.provenance,
        sha256: null,
        reason: 'error',
        message: `${task.provenance}: ${(err as Error).message}`,
        stage: 'ingest',
      });
    }
    items += itemsIn(file);
    total += items;
    queued.push(...file);
    done.push({ source: task.path, items });
    if (queued.length >= COMMIT_RECORDS) await commit();
  }
  await commit();
  return total;
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
export function ingestJobWaitingForDatabase(
  store: CaseStore,
  blobs: BlobStore,
  limits: Limits,
  job: IngestJob,
): Promise<number> {
  return waitingForDatabase(store, () => ingestJob(store, blobs, limits, job));
}

/** Runs `fn` again after the database came back, for as long as it fails because it is away. */
export async function waitingForDatabase<T>(store: CaseStore, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      await waitForDatabase(store);
    }
  }
}

/** A job that failed its last attempt: each of its files not done becomes a failure record, never a lost file. */
async function recordFinalFailure(store: CaseStore, job: Job<IngestJob>, err: Error): Promise<void> {
  for (const task of job.data.tasks) {
    if ((await store.journal(task.path))?.status === 'done') continue;
    await store.addFailure({
      provenance: task.provenance,
      sha256: null,
      reason: 'error',
      message: `${task.provenance}: not ingested after ${job.attemptsMade} attempt(s) by team workers: ${err.message}`,
      stage: 'ingest',
    });
    await store.markJournal([{ source: task.path, size: task.size, mtime_ms: task.mtimeMs }], 'failed');
  }
}

/**
 * Starts a worker on the case's queue. Returns the BullMQ worker; `close()` lets running jobs
 * finish. Jobs are retried with exponential back-off (see queue.ts); a job whose worker died is
 * taken over when its lock expires, up to as many times as a job is attempted.
 * @example const w = await startWorker(store, { queueUrl: 'redis://127.0.0.1:6379', caseName: 'macron', blobRoot: '/srv/leaklens/blobs' });
 */
export function startWorker(store: CaseStore, opts: WorkerOptions): Worker<TeamJob> {
  const blobs = new BlobStore(opts.blobRoot);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker<TeamJob>(
    queueName(opts.caseName),
    (job, token) => {
      if (isVerifyJob(job.name))
        return waitingForDatabase(store, () =>
          verifyJob(store, blobs, job as Job<VerifyJob>, token, opts.queueUrl),
        );
      if (isMetadataJob(job.name))
        return waitingForDatabase(store, () => metadataJob(store, job as Job<MetadataJob>, token));
      return ingestJobWaitingForDatabase(store, blobs, limits, job.data as IngestJob);
    },
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
    if (!(stalledOut || job.attemptsMade >= (job.opts.attempts ?? 1))) return;
    const record = isVerifyJob(job.name)
      ? recordVerifyFailure(store, job as Job<VerifyJob>, err)
      : isMetadataJob(job.name)
        ? recordMetadataFailure(store, job as Job<MetadataJob>, err)
        : recordFinalFailure(store, job as Job<IngestJob>, err);
    void record.catch(() => undefined);
  });
  // Redis or PostgreSQL away: BullMQ reconnects by itself; keep the process alive meanwhile.
  worker.on('error', () => undefined);
  return worker;
}
