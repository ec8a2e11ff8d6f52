import { Queue } from 'bullmq';
import type { CaseStore } from '../case/case-store.js';
import { enumerateInputs } from '../ingest/enumerate.js';
import { dirRecords } from './dirs.js';
import { ingestEnqueued } from './finish.js';
import {
  groupTasks,
  type IngestJob,
  ingestJobOptions,
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
 * case's database is the truth: every file not done is (re-)enqueued, so running the command again
 * after Redis lost its queue (a restart without persistence) puts back exactly what is missing.
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
      groupTasks(todo).map((tasks) => ({
        name: 'ingest-files',
        data: { tasks },
        opts: ingestJobOptions(tasks),
      })),
    );
  } finally {
    await queue.close();
  }
  return { files: tasks.length, skipped: tasks.length - todo.length, enqueued: todo.length, missing };
}
