import { availableParallelism } from 'node:os';
import { SqliteDb } from '../case/sqlite-db.js';
import { markDocumentPeopleIndexed } from '../search/document-people.js';
import type { Store } from '../store/store.js';
import { createProgress } from '../util/progress.js';
import { type DirRecord, enumerateInputs } from './enumerate.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { runPool } from './pool.js';
import { flagDuplicateMessageIds } from './post-ingest.js';
import type { IngestRecord } from './records.js';
import type { FileTask } from './task.js';
import { RecordWriter } from './writer.js';

export interface IngestOptions {
  /**
   * Parser processes, each file under the per-file budget (maxFileSeconds, maxWorkerMemoryMb).
   * 0, or 1 without `budget`, parses in this thread with no time or memory budget (tests,
   * debugging). Default: the machine's cores.
   */
  workers?: number;
  /** With `workers: 1`, still parse in a budgeted parser process (what the CLI does). */
  budget?: boolean;
  limits?: Limits;
  silent?: boolean;
}

export interface IngestSummary {
  inputs: number;
  files: number;
  /** Files already ingested by an earlier run (journal), skipped. */
  skipped: number;
  bytes: number;
  newItems: number;
  totals: { emails: number; documents: number; folders: number; failures: number };
  newFailures: number;
  missing: string[];
  seconds: number;
}

type Task = FileTask & { mtimeMs: number };

/**
 * Ingests files and folders into a case. Resumable: a file is marked done in the journal in the
 * same transaction as its last records, and every insert is idempotent, so a killed run followed
 * by the same command ends with exactly the counts of an uninterrupted run.
 * @example await ingestPaths(Store.open('./case'), ['dump/'], { workers: 2 });
 */
export async function ingestPaths(
  store: Store,
  paths: string[],
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  const t0 = Date.now();
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const { tasks, dirs, missing, skipped } = enumerateInputs(paths);
  const writer = new RecordWriter(store);
  // A case that starts empty is indexed with metadata names from the first document on.
  if (count(store, 'documents') === 0) markDocumentPeopleIndexed(store);
  const failuresBefore = count(store, 'failures');
  writeDirs(store, dirs);
  // Links, pipes, devices and unlistable folders are failures (idempotent by provenance + reason).
  store.db.transaction(() => {
    for (const k of skipped) store.addFailure({ ...k, sha256: null, stage: 'ingest' });
  })();
  const journal = store.db.prepare('SELECT size, mtime_ms, status FROM journal WHERE source = ?');
  const todo = tasks.filter((t) => {
    const row = journal.get(t.path) as { size: number; mtime_ms: number; status: string } | undefined;
    return !(row && row.status === 'done' && row.size === t.size && row.mtime_ms === t.mtimeMs);
  });
  const totalBytes = todo.reduce((a, t) => a + t.size, 0);
  const progress = createProgress({
    label: 'ingest',
    total: todo.length,
    unit: 'files',
    bytes: true,
    silent: opts.silent,
  });
  const markStarted = store.db.prepare(
    "INSERT INTO journal(source, size, mtime_ms, status) VALUES (?, ?, ?, 'started') ON CONFLICT(source) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, status = 'started'",
  );
  const markDone = store.db.prepare("UPDATE journal SET status = 'done', items = ? WHERE source = ?");
  const applyBatch = store.db.transaction((recs: IngestRecord[]) => {
    for (const r of recs) writer.apply(r);
  });
  // Completed files are committed in groups: one transaction per file costs more than parsing it.
  // A file's last records and its 'done' mark always share a transaction, so resuming stays exact.
  let doneQueue: { task: Task; recs: IngestRecord[]; n: number }[] = [];
  let queuedRecs = 0;
  const commitDone = store.db.transaction((queue: typeof doneQueue) => {
    for (const d of queue) {
      for (const r of d.recs) writer.apply(r);
      markDone.run(d.n, d.task.path);
    }
  });
  const flushDone = () => {
    if (!doneQueue.length) return;
    const q = doneQueue;
    doneQueue = [];
    queuedRecs = 0;
    commitDone(q);
    for (const d of q) progress.tick(1, d.task.size);
  };
  const itemsPerTask = new Map<string, number>();
  const onRecords = (task: Task, recs: IngestRecord[]) => {
    itemsPerTask.set(
      task.path,
      (itemsPerTask.get(task.path) ?? 0) + recs.filter((r) => r.t === 'item').length,
    );
    flushDone();
    applyBatch(recs);
  };
  const onDone = (task: Task, recs: IngestRecord[]) => {
    const n = (itemsPerTask.get(task.path) ?? 0) + recs.filter((r) => r.t === 'item').length;
    itemsPerTask.delete(task.path);
    doneQueue.push({ task, recs, n });
    queuedRecs += recs.length;
    if (queuedRecs >= 4000 || doneQueue.length >= 500) flushDone();
  };
  store.db.transaction(() => {
    for (const t of todo) markStarted.run(t.path, t.size, t.mtimeMs);
  })();

  const nWorkers = Math.min(opts.workers ?? availableParallelism(), todo.length);
  const inThread = opts.workers === 0 || (opts.workers === 1 && !opts.budget);
  try {
    if (inThread) {
      // Loaded here only: the parsers (every ingestor, pdf.js's loader) cost the CLI a second of
      // CPU at start when parser processes do the parsing.
      const { runFileTask } = await import('./task.js');
      for (const task of todo) {
        let pending: IngestRecord[] | null = null;
        await runFileTask(task, limits, store.blobs, (recs) => {
          if (pending) onRecords(task, pending);
          pending = recs;
        });
        onDone(task, pending ?? []);
      }
    } else {
      if (nWorkers > 0) await runPool(todo, nWorkers, store.blobs.root, limits, { onRecords, onDone });
    }
    flushDone();
  } finally {
    progress.stop();
  }
  await flagDuplicateMessageIds(new SqliteDb(store.db));
  const totals = {
    emails: count(store, 'emails'),
    documents: count(store, 'documents'),
    folders: count(store, 'folders'),
    failures: count(store, 'failures'),
  };
  return {
    inputs: paths.length,
    files: tasks.length,
    skipped: tasks.length - todo.length,
    bytes: totalBytes,
    newItems: writer.newItems,
    totals,
    newFailures: totals.failures - failuresBefore,
    missing,
    seconds: (Date.now() - t0) / 1000,
  };
}

function count(store: Store, table: string): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function writeDirs(store: Store, dirs: DirRecord[]): void {
  const item = store.db.prepare(
    "INSERT OR IGNORE INTO items(id, kind, sha256, size, mime, name, status, provenance, parent_id, source, date) VALUES (?, 'Folder', NULL, 0, 'inode/directory', ?, 'ok', ?, ?, NULL, NULL)",
  );
  const folder = store.db.prepare(
    "INSERT OR IGNORE INTO folders(id, format, name, entries, warnings_json) VALUES (?, ?, ?, ?, '[]')",
  );
  const loc = store.db.prepare(
    'INSERT OR IGNORE INTO locations(item_id, provenance, parent_id) VALUES (?, ?, ?)',
  );
  store.db.transaction(() => {
    for (const d of dirs) {
      item.run(d.id, d.name, d.provenance, d.parentId);
      folder.run(d.id, d.format, d.name, d.entries);
      loc.run(d.id, d.provenance, d.parentId);
    }
  })();
}
