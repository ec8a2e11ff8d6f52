import { Queue } from 'bullmq';
import type { CaseStore } from '../case/case-store.js';
import { enumerateInputs } from '../ingest/enumerate.js';
import { dirRecords } from './dirs.js';
import { ingestEnqueued } from './finish.js';
import { keepIngestJobs } from './ingest-resume.js';
import {
  groupTasks,
  type IngestJob,
  ingestJobId,
  ingestJobOptionsFor,
  type QueuedTask,
  queueName,
  redisConnection,
} from './queue.js';

export interface EnqueueSummary {
  files: number;
  /** Files the journal already has done (same size and mtime), not enqueued again. */
  skipped: number;
  enqueued: number;
  missing: string[];
}

/**
 * Enqueues the input files of `paths` for team workers (`leaklens worker`). The journal in the
 * case's database is the truth: every file not done is (re-)enqueued. Each job is kept in the
 * database too (`ingest_jobs`) until it is finished, so after Redis lost its queue (a restart without persistence) the
 * workers put back by themselves the jobs of the files not done (ingest-resume.ts); running the
 * command again does the same for files enqueued before `ingest_jobs` existed.
 */
export async function enqueueInputs(
  store: CaseStore,
  paths: string[],
  opts: { queueUrl: string; caseName: string },
): Promise<EnqueueSummary> {
  const { tasks, dirs, missing } = enumerateInputs(paths);
  await store.applyRecords(dirRecords(dirs));
  const todo: QueuedTask[] = [];
  // The journal rows of every file in a few statements, not a round trip per file.
  const rows = await store.journalRows(tasks.map((t) => t.path));
  for (const t of tasks) {
    const row = rows.get(t.path);
    if (!(row && row.status === 'done' && row.size === t.size && row.mtime_ms === t.mtimeMs)) todo.push(t);
  }
  const jobs = groupTasks(todo).map((tasks) => ({ id: ingestJobId(tasks), data: { tasks } }));
  // The jobs in the database before the files are marked queued and the jobs added to Redis: the
  // workers enqueue again, by themselves, those Redis loses (ingest-resume.ts).
  await keepIngestJobs(store, jobs);
  await store.markJournal(
    todo.map((t) => ({ source: t.path, size: t.size, mtime_ms: t.mtimeMs })),
    'queued',
  );
  if (todo.length) await ingestEnqueued(store);
  const queue = new Queue<IngestJob>(queueName(opts.caseName), {
    connection: redisConnection(opts.queueUrl),
  });
  try {
    await queue.addBulk(
      jobs.map((j) => ({ name: 'ingest-files', data: j.data, opts: ingestJobOptionsFor(j.id) })),
    );
  } finally {
    await queue.close();
  }
  return { files: tasks.length, skipped: tasks.length - todo.length, enqueued: todo.length, missing };
}
