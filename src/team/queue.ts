import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'bullmq';
import type { FileTask } from '../ingest/task.js';

/** One input file to ingest, as a job of the team queue. */
export interface IngestJob {
  task: FileTask & { mtimeMs: number };
}

/** How often a job is tried before its file becomes a failure record, and the back-off between. */
export const JOB_ATTEMPTS = 4;
export const JOB_BACKOFF_MS = 2000;

/** The BullMQ queue of one case (several cases can share one Redis). */
export const queueName = (caseName: string): string =>
  `leaklens-ingest-${caseName.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * The job id of an input file: the same file (path, size, mtime) enqueued twice is one job, so
 * re-running `ingest --queue` never doubles work that is waiting or running.
 */
export function jobId(task: IngestJob['task']): string {
  return createHash('sha256')
    .update(`${task.path}\0${task.size}\0${task.mtimeMs}`)
    .digest('hex')
    .slice(0, 32);
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
