import { type Job, Queue, Worker } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { isDatabaseUnavailable, PgDb } from '../case/pg-db.js';
import { DEFAULT_LIMITS, type Limits } from '../ingest/limits.js';
import { ParserPool } from '../ingest/pool.js';
import type { IngestRecord } from '../ingest/records.js';
import { BlobStore } from '../store/blob-store.js';
import { finishIngestIfLast } from './finish.js';
import { forgetIngestJob, keepIngestJobs } from './ingest-resume.js';
import { isMetadataJob, type MetadataJob, metadataJob, recordMetadataFailure } from './metadata-job.js';
import { isOcrJob, type OcrJob, OcrJobs, recordOcrFailure } from './ocr-jobs.js';
import {
  type IngestJob,
  ingestJobId,
  ingestJobOptionsFor,
  type QueuedTask,
  queueName,
  redisConnection,
  STALL_REQUEUES,
} from './queue.js';
import { resumeIfQueueLost, STAGE_RESUME_CHECK_MS } from './stage-runs.js';
import { isTriageJob, recordTriageFailure, type TriageJob, triageJob } from './triage-job.js';
import { isVerifyJob, recordVerifyFailure, type VerifyJob, verifyJob } from './verify-jobs.js';

/**
 * A job of the case queue: a group of files to ingest, a part of a verify run (verify-jobs.ts), the
 * metadata stage (metadata-job.ts), a part of an OCR run (ocr-jobs.ts) or the triage stage
 * (triage-job.ts).
 */
export type TeamJob = IngestJob | VerifyJob | MetadataJob | OcrJob | TriageJob;

export interface WorkerOptions {
  queueUrl: string;
  caseName: string;
  /** The blob directory every worker and server sees (a shared directory). */
  blobRoot: string;
  limits?: Limits;
  /** Files parsed at once by this worker, each in its own parser process (parsing is CPU-bound: one per core). */
  concurrency?: number;
  /**
   * How long a job stays locked to a worker that stops renewing it (killed, frozen) before another
   * worker takes it over. Shorter means faster recovery and more Redis traffic.
   */
  lockDurationMs?: number;
  /** How often this worker checks that the queue still holds its jobs (stage-runs.ts resumeIfQueueLost). */
  resumeCheckMs?: number;
  /**
   * Called once when the case's schema is found removed from the database (checked with the queue):
   * the worker has nothing left to work for, and its queries would fall through to `public`.
   */
  onCaseRemoved?: () => void;
}

const itemsIn = (recs: readonly IngestRecord[]) => recs.filter((r) => r.t === 'item').length;

/** Records of finished files wait for this many before they commit together with their done marks. */
const COMMIT_RECORDS = 4000;
/**
 * Finished files a transaction takes at least while the job has more to parse (the job's last
 * files commit whatever their number): committing every file as soon as the previous transaction
 * ended made many small transactions, each a dozen statements and a WAL flush, and measured
 * slower on a quiet machine (docs/benchmarks.md).
 */
const COMMIT_FILES = 16;

/**
 * Errors of the machine, not of the file (a parser process's errno): the job is retried instead of
 * failing the file. A database gone away is waited for (ingestJobWaitingForDatabase).
 */
const INFRASTRUCTURE_CODES = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EIO', 'EROFS', 'ENOENT', 'EMFILE']);

/**
 * Ingests a group of input files into the case, parsed by `pool` exactly as the laptop ingest
 * parses them: in parser processes, each file under the per-file budget (CPU and wall time, heap,
 * resident memory), a file over budget or whose parser dies costing one failure record. Finished
 * files are committed together, each file's 'done' in the same transaction as its last records; a
 * big file's earlier batches go in as they come. Files the journal already has done (a job redone
 * after a killed worker) are skipped, and every insert is idempotent, so a redone job adds nothing
 * twice. A file whose parsing fails becomes a failure record and the job goes on (failures are
 * data); an error of the machine (database away, blob directory unwritable) fails the job, to be
 * retried.
 */
export async function ingestJob(store: CaseStore, pool: ParserPool, job: IngestJob): Promise<number> {
  const todo: QueuedTask[] = [];
  const rows = await store.journalRows(job.tasks.map((t) => t.path));
  for (const task of job.tasks) {
    const row = rows.get(task.path);
    if (!(row?.status === 'done' && row.size === task.size && row.mtime_ms === task.mtimeMs)) todo.push(task);
  }
  // Finished files waiting for their group commit, each with its records, so that a file the
  // database refuses can be told apart from the others of its group (below).
  let done: DoneFile[] = [];
  let queuedRecs = 0;
  let total = 0;
  // Files the database refused: recorded as failures, their later records dropped.
  const refused = new Set<string>();
  // Writes run one after another, in the order files finish, while the pool parses on: a big
  // file's earlier batches always land before its last batch and its 'done'.
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown;
  // Writes queued or running. Finished files commit once COMMIT_FILES of them wait and no write is
  // running (a group commit: while one transaction runs, the files finished meanwhile wait and go
  // in the next), so the database writes beside the parser instead of after the job's last file,
  // and the parser waits at the end of a job only for the last files' transaction.
  let inFlight = 0;
  const write = (fn: () => Promise<unknown>) => {
    inFlight++;
    writes = writes
      .then(async () => {
        if (writeError === undefined) await fn();
      })
      .catch((err) => {
        writeError ??= err;
      })
      .finally(() => {
        inFlight--;
        if (inFlight === 0 && done.length >= COMMIT_FILES) commit();
      });
  };
  const commit = () => {
    if (!done.length) return;
    const files = done;
    done = [];
    queuedRecs = 0;
    write(() => commitFiles(store, files, refused));
  };
  const open = new Map<string, { recs: IngestRecord[]; items: number }>();
  const byPath = new Map(todo.map((t) => [t.path, t]));
  try {
    await pool.run(todo, {
      isFatal: (code) => INFRASTRUCTURE_CODES.has(String(code)),
      onRecords(task, recs) {
        const f = open.get(task.path) ?? { recs: [], items: 0 };
        open.set(task.path, f);
        f.recs.push(...recs);
        if (f.recs.length < COMMIT_RECORDS) return;
        const batch = f.recs;
        f.items += itemsIn(batch);
        f.recs = [];
        const queued = byPath.get(task.path) as QueuedTask;
        write(async () => {
          if (refused.has(task.path)) return;
          await applyOrRefuse(store, queued, refused, () => store.applyRecords(batch));
        });
      },
      onDone(task, recs) {
        const f = open.get(task.path);
        open.delete(task.path);
        const file = f ? [...f.recs, ...recs] : recs;
        const items = (f?.items ?? 0) + itemsIn(file);
        total += items;
        done.push({ task: byPath.get(task.path) as QueuedTask, recs: file, items });
        queuedRecs += file.length;
        if ((inFlight === 0 && done.length >= COMMIT_FILES) || queuedRecs >= COMMIT_RECORDS) commit();
      },
    });
    commit();
  } finally {
    // A write that ends may queue the next commit: wait until no write is left.
    for (let w = writes; ; w = writes) {
      await w;
      if (w === writes) break;
    }
  }
  if (writeError !== undefined) throw writeError;
  return total;
}

interface DoneFile {
  task: QueuedTask;
  recs: IngestRecord[];
  items: number;
}

/**
 * Whether the database refused a value of the file (SQLSTATE class 22, data exception: a string
 * too long, a byte sequence it cannot store; 23, a constraint; 54, a limit such as an index row too
 * big for its btree) rather than being away or the statement being wrong for every file.
 */
export function isRefusedValue(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

/**
 * Commits finished files together, their records and done marks in one transaction. When the
 * database refuses a value, the transaction is lost for all of them: each file is then committed
 * on its own, so that only the file whose value was refused becomes a failure record (the laptop
 * ingest, on SQLite, would have taken it) and its neighbours land as they would have.
 */
async function commitFiles(store: CaseStore, files: DoneFile[], refused: Set<string>): Promise<void> {
  const live = files.filter((f) => !refused.has(f.task.path));
  const refusedNow = files.filter((f) => refused.has(f.task.path));
  try {
    if (live.length)
      await store.applyRecords(
        live.flatMap((f) => f.recs),
        live.map((f) => ({ source: f.task.path, items: f.items })),
      );
  } catch (err) {
    if (!isRefusedValue(err)) throw err;
    for (const f of live)
      await applyOrRefuse(store, f.task, refused, () =>
        store.applyRecords(f.recs, [{ source: f.task.path, items: f.items }]),
      );
  }
  // A file refused in an earlier batch: its failure is recorded; its journal row says so.
  if (refusedNow.length) await store.markJournal(refusedNow.map(journalKey), 'failed');
}

/** Runs `apply` for one file; a value the database refuses makes the file a failure record. */
async function applyOrRefuse(
  store: CaseStore,
  task: QueuedTask,
  refused: Set<string>,
  apply: () => Promise<unknown>,
): Promise<void> {
  try {
    await apply();
  } catch (err) {
    if (!isRefusedValue(err)) throw err;
    refused.add(task.path);
    await store.addFailure({
      provenance: task.provenance,
      sha256: null,
      reason: 'error',
      message: `${task.provenance}: not stored: the case database refused one of its values (${(err as Error).message}); the other files of its job are stored`,
      stage: 'ingest',
    });
    await store.markJournal([journalKey({ task })], 'failed');
  }
}

const journalKey = (f: { task: QueuedTask }) => ({
  source: f.task.path,
  size: f.task.size,
  mtime_ms: f.task.mtimeMs,
});

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
  pool: () => ParserPool,
  job: IngestJob,
): Promise<number> {
  return waitingForDatabase(store, () => ingestJob(store, pool(), job));
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

/**
 * After a job: the worker that finished the last one prepares the search tables (finish.ts). Its
 * failure does not fail the job (every file of it is done): `ingest --wait` does it instead.
 */
async function endIfLast(store: CaseStore): Promise<void> {
  try {
    if (await finishIngestIfLast(store))
      process.stderr.write('worker: last job done; search tables analyzed\n');
  } catch (err) {
    process.stderr.write(`worker: the search tables could not be analyzed: ${(err as Error).message}\n`);
  }
}

/**
 * A job that stalled out (its worker died or froze while holding it, more often than BullMQ
 * allows): its files not done go back into the queue as a new job, up to STALL_REQUEUES times.
 * Returns false when the job has had its share, and its files become failure records instead.
 */
export async function requeueStalled(
  store: CaseStore,
  queue: () => Queue,
  job: Job<IngestJob>,
): Promise<boolean> {
  const restarts = job.data.restarts ?? 0;
  if (restarts >= STALL_REQUEUES) return false;
  const todo: QueuedTask[] = [];
  for (const task of job.data.tasks) if ((await store.journal(task.path))?.status !== 'done') todo.push(task);
  if (todo.length) {
    const id = ingestJobId(todo, restarts + 1);
    const data = { tasks: todo, restarts: restarts + 1 };
    // Kept in the database first, as `ingest` keeps its jobs (ingest-resume.ts).
    await keepIngestJobs(store, [{ id, data }]);
    await queue().add('ingest-files', data, ingestJobOptionsFor(id));
  }
  // The new job holds its files now: Redis losing it puts back that one, not this.
  if (job.id) await forgetIngestJob(store, job.id);
  return true;
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
  if (job.id) await forgetIngestJob(store, job.id);
}

/**
 * Starts a worker on the case's queue. Returns the BullMQ worker; `close()` lets running jobs
 * finish. Jobs are retried with exponential back-off (see queue.ts); a job whose worker died is
 * taken over when its lock expires; a job that stalls out (BullMQ's maxStalledCount) is enqueued
 * anew for its files not done, up to STALL_REQUEUES times, before they become failure records.
 * @example const w = await startWorker(store, { queueUrl: 'redis://127.0.0.1:6379', caseName: 'macron', blobRoot: '/srv/leaklens/blobs' });
 */
export function startWorker(store: CaseStore, opts: WorkerOptions): Worker<TeamJob> {
  const blobs = new BlobStore(opts.blobRoot);
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const slots = opts.concurrency ?? 1;
  // One parser process per file parsed at once, kept from job to job; a pool stopped because a
  // parser process could not start is started afresh for the next job (the job itself is retried).
  let parsers: ParserPool | null = null;
  const pool = () => {
    if (!parsers || parsers.closed) parsers = new ParserPool(slots, opts.blobRoot, limits);
    return parsers;
  };
  let requeueQueue: Queue | undefined;
  const requeue = () =>
    (requeueQueue ??= new Queue(queueName(opts.caseName), { connection: redisConnection(opts.queueUrl) }));
  // OCR jobs (ocr-jobs.ts): one OCR thread per slot, started at the first OCR job.
  const ocr = new OcrJobs(store, blobs, opts.queueUrl, slots);
  const worker = new Worker<TeamJob>(
    queueName(opts.caseName),
    async (job, token) => {
      if (isVerifyJob(job.name))
        return waitingForDatabase(store, () =>
          verifyJob(store, blobs, job as Job<VerifyJob>, token, opts.queueUrl),
        );
      if (isMetadataJob(job.name))
        return waitingForDatabase(store, () => metadataJob(store, job as Job<MetadataJob>, token));
      if (isOcrJob(job.name)) return waitingForDatabase(store, () => ocr.run(job as Job<OcrJob>, token));
      if (isTriageJob(job.name))
        return waitingForDatabase(store, () => triageJob(store, job as Job<TriageJob>, token));
      const items = await ingestJobWaitingForDatabase(store, pool, job.data as IngestJob);
      // Every file of it done: nothing left to put back should Redis lose the queue (ingest-resume.ts).
      if (job.id) await waitingForDatabase(store, () => forgetIngestJob(store, job.id as string));
      await endIfLast(store);
      return items;
    },
    {
      connection: redisConnection(opts.queueUrl),
      // As many jobs as parser processes, not more: a job taken ahead would wait for a parser while
      // holding its lock, and a worker killed then would count it stalled without having started it.
      concurrency: slots,
      // Jobs are taken once the parser processes have started (below), not before.
      autorun: false,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 3,
    },
  );
  const recordIngestFailure = (job: Job<IngestJob>, err: Error, stalledOut: boolean) =>
    (stalledOut ? requeueStalled(store, requeue, job) : Promise.resolve(false))
      .then((requeued) => (requeued ? undefined : recordFinalFailure(store, job, err)))
      .then(() => endIfLast(store));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const stalledOut = /stalled more than allowable limit/.test(err.message);
    if (!(stalledOut || job.attemptsMade >= (job.opts.attempts ?? 1))) return;
    const record = isVerifyJob(job.name)
      ? recordVerifyFailure(store, job as Job<VerifyJob>, err)
      : isMetadataJob(job.name)
        ? recordMetadataFailure(store, job as Job<MetadataJob>, err)
        : isOcrJob(job.name)
          ? recordOcrFailure(store, job as Job<OcrJob>, err)
          : isTriageJob(job.name)
            ? recordTriageFailure(store, job as Job<TriageJob>, err)
            : recordIngestFailure(job as Job<IngestJob>, err, stalledOut);
    void record.catch(() => undefined);
  });
  void pool()
    .ready.then(() => worker.run())
    .catch((err) => worker.emit('error', err));
  // Redis restarted empty, or the queue deleted: the ingest jobs of the files not done and the open
  // stage runs are enqueued again from the database (stage-runs.ts resumeIfQueueLost). Checked at start and on a timer, with whether the case still exists (a worker
  // left running after its case was removed stops instead of idling on); an outage of either
  // server is waited out.
  let resuming = false;
  let removed = false;
  const db = (store as SqlCaseStore).db;
  const caseRemoved = async () => db instanceof PgDb && !(await db.schemaExists());
  const resume = () => {
    if (resuming || removed || worker.closing) return;
    resuming = true;
    caseRemoved()
      .then(async (gone) => {
        if (!gone) return resumeIfQueueLost(store, requeue());
        removed = true;
        opts.onCaseRemoved?.();
        return [];
      })
      .then((jobs) => {
        if (jobs.length)
          process.stderr.write(
            `worker: the queue had lost its jobs; enqueued again ${jobs.length}: ${jobs.slice(0, 8).join(', ')}${jobs.length > 8 ? ', …' : ''}\n`,
          );
      })
      .catch(() => undefined)
      .finally(() => {
        resuming = false;
      });
  };
  const resumeTimer = setInterval(resume, opts.resumeCheckMs ?? STAGE_RESUME_CHECK_MS);
  resume();
  worker.on('closed', () => {
    clearInterval(resumeTimer);
    parsers?.close();
    void ocr.close();
    void requeueQueue?.close();
  });
  // Redis or PostgreSQL away: BullMQ reconnects by itself; keep the process alive meanwhile.
  worker.on('error', () => undefined);
  return worker;
}

/**
 * Runs jobs one after another in this process, without a queue, with the worker's own parsing
 * (parser processes under the per-file budget) and writing, then prepares the search tables as
 * the end of a team ingest does. For benchmarks and tests that need a team case filled.
 * @example await ingestJobsHere(store, '/tmp/blobs', groupTasks(tasks).map((tasks) => ({ tasks })));
 */
export async function ingestJobsHere(
  store: CaseStore,
  blobRoot: string,
  jobs: readonly IngestJob[],
  opts: { limits?: Limits; parsers?: number } = {},
): Promise<number> {
  const pool = new ParserPool(opts.parsers ?? 1, blobRoot, opts.limits ?? DEFAULT_LIMITS);
  let items = 0;
  try {
    for (const job of jobs) items += await ingestJob(store, pool, job);
  } finally {
    pool.close();
  }
  await store.optimizeSearch();
  return items;
}
