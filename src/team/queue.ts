import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'bullmq';
import type { FileTask } from '../ingest/task.js';

export type QueuedTask = FileTask & { mtimeMs: number };

/**
 * A group of input files to ingest, as one job of the team queue. Files go in groups because a
 * job costs a few Redis round trips and a file a PostgreSQL commit: for a maildir of small
 * messages, per-file jobs spend more time queueing than parsing.
 */
export interface IngestJob {
  tasks: QueuedTask[];
  /** How many times these files were enqueued anew after their job stalled out (worker.ts). */
  restarts?: number;
}

/** Files per job, at most, and bytes per job, at most (a large file goes alone). */
export const FILES_PER_JOB = 64;
export const BYTES_PER_JOB = 64 * 1024 * 1024;

/** Splits tasks into job groups, in order, by FILES_PER_JOB and BYTES_PER_JOB. */
export function groupTasks(tasks: readonly QueuedTask[]): QueuedTask[][] {
  const groups: QueuedTask[][] = [];
  let cur: QueuedTask[] = [];
  let bytes = 0;
  for (const t of tasks) {
    if (cur.length && (cur.length >= FILES_PER_JOB || bytes + t.size > BYTES_PER_JOB)) {
      groups.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(t);
    bytes += t.size;
  }
  if (cur.length) groups.push(cur);
  return groups;
}

/** How often a job is tried before its file becomes a failure record, and the back-off between. */
export const JOB_ATTEMPTS = 4;
export const JOB_BACKOFF_MS = 2000;

/**
 * How many times the files not done of a job that stalled out (its worker killed or frozen, again
 * and again) are enqueued anew before they become failure records. A stall is the worker's fate,
 * not the file's: files are parsed in parser processes under the per-file budget, where a file that
 * kills its parser costs its own failure record and nothing else.
 */
export const STALL_REQUEUES = 3;

/** The id of an ingest job: its files' (jobId), and how many times it was enqueued anew after it stalled out. */
export const ingestJobId = (tasks: readonly QueuedTask[], restarts = 0): string =>
  restarts ? `${jobId(tasks)}-r${restarts}` : jobId(tasks);

/**
 * The options of the ingest job `id` (ingestJobId): idempotent id, retries with exponential
 * back-off. A job enqueued again after Redis lost it keeps its id (ingest-resume.ts).
 */
export function ingestJobOptionsFor(id: string) {
  return {
    jobId: id,
    attempts: JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/** The BullMQ queue of one case (several cases can share one Redis). */
export const queueName = (caseName: string): string =>
  `leaklens-ingest-${caseName.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * The job id of a group of files: the same files (path, size, mtime) enqueued twice are one job,
 * so re-running `ingest --queue` never doubles work that is waiting or running.
 */
export function jobId(tasks: readonly QueuedTask[]): string {
  const h = createHash('sha256');
  for (const t of tasks) h.update(`${t.path}\0${t.size}\0${t.mtimeMs}\n`);
  return h.digest('hex').slice(0, 32);
}

/** BullMQ connection options from a `redis://host:port[/db]` URL. */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:') throw new Error(`--queue takes a redis:// URL, not ${JSON.stringify(url)}`);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    // Workers must wait for Redis to come back, not fail their job (BullMQ's requirement for workers).
    maxRetriesPerRequest: null,
  };
}
