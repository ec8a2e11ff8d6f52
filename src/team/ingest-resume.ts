import type { Queue } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { type IngestJob, ingestJobOptionsFor } from './queue.js';

/**
 * Ingest jobs kept in the case's database (`ingest_jobs`, migration 17) while they are not
 * finished, so that the workers put back by themselves the jobs Redis lost (a restart without
 * persistence, the queue deleted), as they resume the stage runs (stage-runs.ts): a kept job says
 * which files it holds and where they lie in the dump, the journal which of them are not done.
 */

/** An ingest job as enqueued: its BullMQ id and its data. */
export interface KeptIngestJob {
  id: string;
  data: IngestJob;
}

/** Jobs written, checked in Redis, or read back from the database, at a time. */
const CHUNK = 100;

/**
 * Keeps `jobs` in the database. Called before they are added to Redis (and, by `ingest`, before
 * their files are marked `queued`), so a file the journal has waiting always has its job here.
 * A job kept already keeps its row (the same id holds the same files: queue.ts jobId).
 */
export async function keepIngestJobs(store: CaseStore, jobs: readonly KeptIngestJob[]): Promise<void> {
  if (!jobs.length) return;
  await (store as SqlCaseStore).db.transaction(async (tx) => {
    for (let i = 0; i < jobs.length; i += CHUNK) {
      const chunk = jobs.slice(i, i + CHUNK);
      await tx.run(
        `INSERT INTO ingest_jobs (job_id, data) VALUES ${chunk.map(() => '(?, ?)').join(', ')}
         ON CONFLICT (job_id) DO NOTHING`,
        chunk.flatMap((j) => [j.id, JSON.stringify(j.data)]),
      );
    }
  });
}

/** Forgets a job whose files are all done or recorded as failures (or that was enqueued anew under another id). */
export async function forgetIngestJob(store: CaseStore, id: string): Promise<void> {
  await (store as SqlCaseStore).db.run('DELETE FROM ingest_jobs WHERE job_id = ?', [id]);
}

/**
 * Enqueues again, under its own id, every kept ingest job that is not in the queue and still has
 * files the journal has not done (`queued`, or `started`), with those files only. A kept job
 * whose files are all done (its worker died between its last commit and forgetting it) is
 * forgotten instead. Idempotent: a job still in the queue keeps its place and the same id is never
 * added twice; a job redone skips the files done meanwhile (worker.ts ingestJob), and every row is
 * keyed by a content id, so nothing is written twice. Files enqueued by a version without
 * `ingest_jobs` are not known here: running `ingest` again enqueues them. Returns the ids of the
 * jobs enqueued again.
 * @example await resumeIngestJobs(store, queue) // after Redis came back empty: ['3f2a…', …]
 */
export async function resumeIngestJobs(store: CaseStore, queue: Queue): Promise<string[]> {
  const db = (store as SqlCaseStore).db;
  const ids = (await db.all<{ job_id: string }>('SELECT job_id FROM ingest_jobs ORDER BY job_id')).map(
    (r) => r.job_id,
  );
  const lost: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const states = await Promise.all(chunk.map((id) => queue.getJobState(id)));
    chunk.forEach((id, k) => {
      if (states[k] === 'unknown') lost.push(id);
    });
  }
  const resumed: string[] = [];
  for (let i = 0; i < lost.length; i += CHUNK) {
    const chunk = lost.slice(i, i + CHUNK);
    const rows = await db.all<{ job_id: string; data: string }>(
      `SELECT job_id, data FROM ingest_jobs WHERE job_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY job_id`,
      chunk,
    );
    const kept = rows.map((r) => ({ id: r.job_id, data: JSON.parse(r.data) as IngestJob }));
    const journal = await store.journalRows(kept.flatMap((j) => j.data.tasks.map((t) => t.path)));
    const again: KeptIngestJob[] = [];
    for (const j of kept) {
      const tasks = j.data.tasks.filter((t) => {
        const s = journal.get(t.path)?.status;
        return s === 'queued' || s === 'started';
      });
      if (tasks.length) again.push({ id: j.id, data: { ...j.data, tasks } });
      else await forgetIngestJob(store, j.id);
    }
    await queue.addBulk(
      again.map((j) => ({ name: 'ingest-files', data: j.data, opts: ingestJobOptionsFor(j.id) })),
    );
    resumed.push(...again.map((j) => j.id));
  }
  return resumed;
}
