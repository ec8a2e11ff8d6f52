import { DelayedError, type Job, Queue } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { failureId, failureParams, INSERT_FAILURE, UPSERT_META } from '../case/sql/records.js';
import {
  BATCH_STATUS,
  BATCH_TALLY,
  BATCHES_NOT_DONE,
  INSERT_BATCH,
  inList,
  SET_BATCH_STATUS,
  VERIFY_EMAILS,
} from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import type { BlobStore } from '../store/blob-store.js';
import { beginVerify, caseWidePasses, verifyBatch } from '../verify/case.js';
import { listKeysDb } from '../verify/key-archive.js';
import { VERDICTS, type Verdict } from '../verify/types.js';
import { redisConnection } from './queue.js';
import { readRunState, stageJobOptions, startStageRun } from './stage-runs.js';
import { tally } from './wait.js';

/**
 * The verify stage as team jobs, on the case's queue beside the ingest jobs (one `leaklens worker`
 * takes both). A run is three kinds of job:
 * 1. `verify-plan` waits until the journal has no input file waiting (the ingest jobs are done),
 *    then clears the last run's verify flags, splits the case's e-mails into batches, records the
 *    batches in `verify_batches` and enqueues them with the final job;
 * 2. `verify-batch` verifies its e-mails with the archived keys and writes their verdicts, flags
 *    and failures in the transaction that marks the batch done (idempotent: done again, it writes
 *    the same rows; a batch already done is skipped);
 * 3. `verify-final` waits until no batch of the run is queued, then runs the case-wide passes
 *    (time zones, replies before parents, unsigned mail from a signing domain, copies) once.
 * The database is the truth, as the journal is for ingest: waiting jobs re-check it on a timer
 * (BullMQ's DelayedError, which spends no attempt), and `--wait` reads it.
 */
export const VERIFY_JOB_NAMES = ['verify-plan', 'verify-batch', 'verify-final'] as const;
export type VerifyJobName = (typeof VERIFY_JOB_NAMES)[number];

export interface VerifyJob {
  runId: string;
  /** verify-batch only. */
  batch?: number;
  ids?: string[];
  dateToleranceMinutes?: number;
  /** verify-plan only: e-mails per batch (default VERIFY_BATCH_SIZE). */
  batchSize?: number;
}

/** E-mails per batch job: a few seconds of RSA verification, so a killed worker loses little. */
export const VERIFY_BATCH_SIZE = 100;
/** How often a waiting plan or final job looks at the database again. */
export const VERIFY_POLL_MS = 1000;

/** Where a team verify run stands, kept in the case's `meta` under this key. */
export const TEAM_VERIFY_META = 'verify:team';

export interface TeamVerifyState {
  runId: string;
  state: 'waiting-for-ingest' | 'verifying' | 'done';
  batches?: number;
  messages?: number;
  /** Why the plan or final job failed for good, if it did. */
  error?: string;
}

export const isVerifyJob = (name: string): name is VerifyJobName =>
  (VERIFY_JOB_NAMES as readonly string[]).includes(name);

const dbOf = (store: CaseStore): SqlDb => (store as SqlCaseStore).db;

export async function readTeamVerify(store: CaseStore): Promise<TeamVerifyState | undefined> {
  return readRunState<TeamVerifyState>(store, TEAM_VERIFY_META);
}

/**
 * Enqueues a verify run of the team case: it starts once every input file of the journal is
 * ingested or failed. Returns the run's id (`waitForVerify` follows it).
 * @example const runId = await enqueueVerify(store, { queueUrl: 'redis://127.0.0.1:6379', caseName: 'macron' });
 */
export async function enqueueVerify(
  store: CaseStore,
  opts: { queueUrl: string; caseName: string; dateToleranceMinutes?: number; batchSize?: number },
): Promise<string> {
  const first: TeamVerifyState['state'] = 'waiting-for-ingest';
  return startStageRun<VerifyJob>(store, opts, {
    key: TEAM_VERIFY_META,
    state: first,
    job: 'verify-plan',
    data: (runId) => ({ runId, dateToleranceMinutes: opts.dateToleranceMinutes, batchSize: opts.batchSize }),
  });
}

/** Puts a waiting job back in the queue for VERIFY_POLL_MS without spending one of its attempts. */
async function later(job: Job<VerifyJob>, token: string | undefined): Promise<never> {
  await job.moveToDelayed(Date.now() + VERIFY_POLL_MS, token);
  throw new DelayedError();
}

/** Runs one verify job of a worker (see the module comment for the three kinds). */
export async function verifyJob(
  store: CaseStore,
  blobs: BlobStore,
  job: Job<VerifyJob>,
  token: string | undefined,
  queueUrl: string,
): Promise<number> {
  const name = job.name as VerifyJobName;
  if (name === 'verify-plan') return planRun(store, job, token, queueUrl);
  if (name === 'verify-batch') return runBatch(store, blobs, job.data);
  return finishRun(store, blobs, job, token);
}

async function planRun(
  store: CaseStore,
  job: Job<VerifyJob>,
  token: string | undefined,
  queueUrl: string,
): Promise<number> {
  if ((await tally(store)).waiting > 0) return later(job, token);
  const { runId, dateToleranceMinutes } = job.data;
  const db = dbOf(store);
  const cur = await readTeamVerify(store);
  // A newer run replaced this one, or this one ended (its plan enqueued again by resumeStageRuns
  // as it ended): nothing to do.
  if (cur && (cur.runId !== runId || cur.state === 'done')) return 0;
  // Not yet planned (a plan job redone after it planned re-enqueues what is not done).
  if (cur?.state !== 'verifying') {
    await beginVerify(db);
    const ids = (await db.all<{ id: string }>(VERIFY_EMAILS)).map((r) => r.id);
    const batches: string[][] = [];
    const size = Math.max(1, job.data.batchSize ?? VERIFY_BATCH_SIZE);
    for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
    const state: TeamVerifyState = {
      runId,
      state: 'verifying',
      batches: batches.length,
      messages: ids.length,
    };
    await db.transaction(async (tx) => {
      for (const [i, b] of batches.entries()) await tx.run(INSERT_BATCH, [runId, i, JSON.stringify(b)]);
      await tx.run(UPSERT_META, [TEAM_VERIFY_META, JSON.stringify(state)]);
    });
  }
  const todo = await db.all<{ batch: number; item_ids: string }>(BATCHES_NOT_DONE, [runId]);
  const queue = new Queue<VerifyJob>(job.queueName, { connection: redisConnection(queueUrl) });
  try {
    await queue.addBulk([
      ...todo.map((b) => ({
        name: 'verify-batch',
        data: {
          runId,
          batch: Number(b.batch),
          ids: JSON.parse(b.item_ids) as string[],
          dateToleranceMinutes,
        },
        opts: stageJobOptions(`verify-batch-${runId}-${b.batch}`),
      })),
      { name: 'verify-final', data: { runId }, opts: stageJobOptions(`verify-final-${runId}`) },
    ]);
  } finally {
    await queue.close();
  }
  return todo.length;
}

async function runBatch(store: CaseStore, blobs: BlobStore, data: VerifyJob): Promise<number> {
  const db = dbOf(store);
  const { runId, batch = 0, ids = [] } = data;
  const row = await db.get<{ status: string }>(BATCH_STATUS, [runId, batch]);
  if (row?.status !== 'queued') return 0; // done already (a job redone), or a run that was replaced
  const keys = await listKeysDb(db);
  const r = await verifyBatch(db, blobs, ids, {
    keys,
    dateToleranceMinutes: data.dateToleranceMinutes,
    inTransaction: async (tx, res) => {
      await tx.run(SET_BATCH_STATUS, ['done', res.messages + res.failures, runId, batch]);
    },
  });
  return r.messages;
}

async function finishRun(
  store: CaseStore,
  blobs: BlobStore,
  job: Job<VerifyJob>,
  token: string | undefined,
): Promise<number> {
  const { runId } = job.data;
  const before = await readTeamVerify(store);
  if (before?.runId === runId && before.state === 'done') return 0; // ended already: done once only
  const t = await verifyTally(store, runId);
  if (t.queued > 0) return later(job, token);
  const db = dbOf(store);
  const flags = await caseWidePasses(db, blobs);
  const rows = await db.all<{ verdict: Verdict; n: number }>(
    'SELECT verdict, count(*) AS n FROM verdicts GROUP BY verdict ORDER BY verdict',
  );
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of rows) counts[r.verdict] = Number(r.n);
  const messages = Object.values(counts).reduce((a, b) => a + b, 0);
  const cur = await readTeamVerify(store);
  await db.transaction(async (tx) => {
    await tx.run(UPSERT_META, ['verify:lastRun', JSON.stringify({ messages, counts })]);
    if (cur?.runId === runId)
      await tx.run(UPSERT_META, [TEAM_VERIFY_META, JSON.stringify({ ...cur, state: 'done' })]);
  });
  return flags;
}

export interface VerifyTally {
  batches: number;
  queued: number;
  done: number;
  failed: number;
  messages: number;
}

/** How many batches of a run are queued, done or failed, and the e-mails the finished ones held. */
export async function verifyTally(store: CaseStore, runId: string): Promise<VerifyTally> {
  const rows = await dbOf(store).all<{ status: string; n: number; messages: number }>(BATCH_TALLY, [runId]);
  const t: VerifyTally = { batches: 0, queued: 0, done: 0, failed: 0, messages: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    t.batches += n;
    if (r.status === 'queued' || r.status === 'done' || r.status === 'failed') t[r.status] += n;
    if (r.status !== 'queued') t.messages += Number(r.messages);
  }
  return t;
}

/**
 * A verify job that failed its last attempt. A batch: each of its e-mails becomes a failure
 * record (never a message silently left without a verdict) and the batch is marked failed, so the
 * final pass still runs. The plan or final job: the reason is kept in the run's state.
 */
export async function recordVerifyFailure(store: CaseStore, job: Job<VerifyJob>, err: Error): Promise<void> {
  const db = dbOf(store);
  const { runId, batch, ids } = job.data;
  if (job.name !== 'verify-batch' || batch === undefined || !ids) {
    const cur = await readTeamVerify(store);
    if (cur?.runId === runId)
      await store.setMeta(TEAM_VERIFY_META, JSON.stringify({ ...cur, state: 'done', error: err.message }));
    return;
  }
  const rows = ids.length
    ? await db.all<{ id: string; sha256: string | null; provenance: string }>(
        `SELECT id, sha256, provenance FROM items WHERE id IN (${inList(ids.length)}) ORDER BY id`,
        ids,
      )
    : [];
  await db.transaction(async (tx) => {
    const status = await tx.get<{ status: string }>(BATCH_STATUS, [runId, batch]);
    if (status?.status !== 'queued') return;
    for (const r of rows) {
      const f = {
        provenance: r.provenance,
        sha256: r.sha256,
        reason: 'verify-error',
        message: `cannot verify ${r.provenance}: not verified after ${job.attemptsMade} attempt(s) by team workers: ${err.message}`,
        stage: 'verify',
      };
      await tx.run(INSERT_FAILURE, failureParams(failureId(f), f));
    }
    await tx.run(SET_BATCH_STATUS, ['failed', rows.length, runId, batch]);
  });
}

/**
 * Waits until the run's final job has run, calling `onTick` with the batches' tally after each
 * poll (the state is in the database, so this sees every worker's progress).
 */
export async function waitForVerify(
  store: CaseStore,
  runId: string,
  opts: {
    intervalMs?: number;
    timeoutMs?: number;
    onTick?: (t: VerifyTally, s?: TeamVerifyState) => void;
  } = {},
): Promise<VerifyTally> {
  const t0 = Date.now();
  for (;;) {
    const s = await readTeamVerify(store);
    const t = await verifyTally(store, runId);
    opts.onTick?.(t, s);
    if (s?.runId !== runId) throw new Error(`verify run ${runId} was replaced by a newer run`);
    if (s.state === 'done') return t;
    if (opts.timeoutMs !== undefined && Date.now() - t0 > opts.timeoutMs)
      throw new Error(`verify run ${runId} not finished after ${Math.round(opts.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}
