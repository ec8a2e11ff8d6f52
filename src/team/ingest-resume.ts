import { basename } from 'node:path';
import type { Queue } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { type IngestJob, ingestJobOptionsFor, type QueuedTask } from './queue.js';

/**
 * Ingest jobs kept in the case's database (`ingest_tasks`, migration 17) beside the journal, so
 * that the workers put back by themselves the jobs Redis lost (a restart without persistence, the
 * queue deleted), as they resume the stage runs (stage-runs.ts): the journal says which files are
 * not done, `ingest_tasks` which job each was last enqueued in and where it lies in the dump.
 */

/** An ingest job as enqueued: its BullMQ id, its files, how many times it was enqueued anew after it stalled out. */
export interface KeptIngestJob {
  id: string;
  tasks: readonly QueuedTask[];
  restarts: number;
}

/** Files not done: the journal's `queued` (a team ingest) and `started` (a laptop ingest). */
const WAITING = "j.status IN ('queued', 'started')";

/**
 * Records in the database the job each file of `jobs` is enqueued in, replacing the job it was
 * in before. Called before the jobs are added to Redis (and before `ingest` marks the files
 * `queued`), so a file the journal has waiting always has its job in the database.
 */
export async function keepIngestJobs(store: CaseStore, jobs: readonly KeptIngestJob[]): Promise<void> {
  // One row per file; a file listed twice keeps its last job.
  const rows = [
    ...new Map(
      jobs.flatMap((j) =>
        j.tasks.map((t, seq) => [t.path, [t.path, j.id, seq, j.restarts, t.provenance, t.parentId]] as const),
      ),
    ).values(),
  ];
  if (!rows.length) return;
  await (store as SqlCaseStore).db.transaction(async (tx) => {
    // One multi-row upsert per 500 files, as the journal's marks (case-store.ts markJournal).
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await tx.run(
        `INSERT INTO ingest_tasks (source, job_id, seq, restarts, provenance, parent_id)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (source) DO UPDATE SET job_id = excluded.job_id, seq = excluded.seq,
           restarts = excluded.restarts, provenance = excluded.provenance, parent_id = excluded.parent_id`,
        chunk.flat(),
      );
    }
  });
}

/** Job ids checked in Redis, and jobs read back from the database, at a time. */
const CHUNK = 100;

/**
 * Enqueues again, under its own id, every ingest job that still has a file not done in the
 * journal and is not in the queue, with those files only (size and modification time as the
 * journal has them). Idempotent: a job still in the queue keeps its place and the same id is
 * never added twice; a job redone skips the files done meanwhile (worker.ts ingestJob), and every
 * row is keyed by a content id, so nothing is written twice. Files enqueued by a version without
 * `ingest_tasks` are not known here: running `ingest` again enqueues them. Returns the ids of the
 * jobs enqueued again.
 * @example await resumeIngestJobs(store, queue) // after Redis came back empty: ['3f2a…', …]
 */
export async function resumeIngestJobs(store: CaseStore, queue: Queue): Promise<string[]> {
  const db = (store as SqlCaseStore).db;
  const ids = (
    await db.all<{ job_id: string }>(
      `SELECT DISTINCT t.job_id FROM journal j JOIN ingest_tasks t ON t.source = j.source WHERE ${WAITING} ORDER BY t.job_id`,
    )
  ).map((r) => r.job_id);
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
    const rows = await db.all<{
      job_id: string;
      restarts: number;
      source: string;
      provenance: string;
      parent_id: string | null;
      size: number;
      mtime_ms: number;
    }>(
      `SELECT t.job_id, t.restarts, t.source, t.provenance, t.parent_id, j.size, j.mtime_ms
       FROM ingest_tasks t JOIN journal j ON j.source = t.source
       WHERE ${WAITING} AND t.job_id IN (${chunk.map(() => '?').join(', ')})
       ORDER BY t.job_id, t.seq`,
      chunk,
    );
    const jobs = new Map<string, IngestJob>();
    for (const r of rows) {
      const job = jobs.get(r.job_id) ?? { tasks: [], ...(r.restarts ? { restarts: r.restarts } : {}) };
      jobs.set(r.job_id, job);
      job.tasks.push({
        path: r.source,
        name: basename(r.source),
        provenance: r.provenance,
        parentId: r.parent_id,
        size: r.size,
        mtimeMs: r.mtime_ms,
      });
    }
    await queue.addBulk(
      [...jobs].map(([id, data]) => ({ name: 'ingest-files', data, opts: ingestJobOptionsFor(id) })),
    );
    resumed.push(...jobs.keys());
  }
  return resumed;
}
