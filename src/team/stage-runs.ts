import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { resumeIngestJobs } from './ingest-resume.js';
import { JOB_ATTEMPTS, JOB_BACKOFF_MS, queueName, redisConnection } from './queue.js';

/**
 * What the analysis stages that run as team jobs (verify, OCR, metadata, triage) share: a run id,
 * the run's state kept as JSON in the case's `meta` (so every process, and `--wait`, can follow it
 * and a newer run replaces an older one), and the options of their jobs on the case queue.
 */

/** Options of an analysis job: retried with back-off, then removed (the run's state keeps the outcome). */
export const stageJobOptions = (jobId: string) => ({
  jobId,
  attempts: JOB_ATTEMPTS,
  backoff: { type: 'exponential' as const, delay: JOB_BACKOFF_MS },
  removeOnComplete: true,
  removeOnFail: true,
});

/** The state of a stage's last run, kept under `key` in the case's `meta`. */
export async function readRunState<T>(store: CaseStore, key: string): Promise<T | undefined> {
  const v = await store.getMeta(key);
  return v ? (JSON.parse(v) as T) : undefined;
}

/**
 * Starts a run of a team stage: writes its first state under `key`, replacing any older run's,
 * then enqueues the run's first job on the case queue. Returns the run's id (time-ordered, unique
 * across processes).
 * @example await startStageRun(store, q, { key: 'metadata:team', state: 'waiting-for-ingest', job: 'metadata-run', data: (runId) => ({ runId }) })
 */
export async function startStageRun<J>(
  store: CaseStore,
  opts: { queueUrl: string; caseName: string },
  run: { key: string; state: string; job: string; data: (runId: string) => J },
): Promise<string> {
  const runId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const first: FirstJob = { runId, name: run.job, data: run.data(runId) };
  // The first job before the state: a state is never seen without the job that resumes it.
  await store.setMeta(firstJobKey(run.key), JSON.stringify(first));
  await store.setMeta(run.key, JSON.stringify({ runId, state: run.state }));
  const queue = new Queue(queueName(opts.caseName), { connection: redisConnection(opts.queueUrl) });
  try {
    await queue.add(first.name, first.data, stageJobOptions(`${first.name}-${runId}`));
  } finally {
    await queue.close();
  }
  return runId;
}

/** The first job of a stage's last run, kept in `meta` beside its state so the run can be resumed. */
interface FirstJob {
  runId: string;
  name: string;
  data: unknown;
}

const FIRST_JOB = ':first-job';
const firstJobKey = (key: string) => `${key}${FIRST_JOB}`;

/** A run is open until its jobs write 'done' or 'failed' as its state. */
export const isOpenRun = (state: string | undefined): boolean =>
  state !== undefined && state !== 'done' && state !== 'failed';

/**
 * Resumes, from what the database holds, every stage run still open whose first job is not in the
 * queue: that job is enqueued again under its own id. It is the job that brings back the rest of
 * its run: a plan job redone enqueues again the batches not done (and the final job), a one-job
 * stage (metadata, triage) is that job. Idempotent: a job still in the queue keeps its place (the
 * same job id is never added twice), a batch done already is skipped by its job, and a run that
 * ended meanwhile is left alone by the job redone. Returns the ids of the jobs enqueued again.
 * @example await resumeStageRuns(store, queue) // after Redis came back empty: ['verify-plan-m1x2-3f2a']
 */
export async function resumeStageRuns(store: CaseStore, queue: Queue): Promise<string[]> {
  const rows = await (store as SqlCaseStore).db.all<{ key: string; value: string }>(
    'SELECT key, value FROM meta WHERE key LIKE ? ORDER BY key',
    [`%${FIRST_JOB}`],
  );
  const resumed: string[] = [];
  for (const r of rows) {
    const first = JSON.parse(r.value) as FirstJob;
    const cur = await readRunState<{ runId: string; state: string }>(
      store,
      r.key.slice(0, -FIRST_JOB.length),
    );
    if (cur?.runId !== first.runId || !isOpenRun(cur.state)) continue;
    const jobId = `${first.name}-${first.runId}`;
    if ((await queue.getJobState(jobId)) !== 'unknown') continue;
    await queue.add(first.name, first.data, stageJobOptions(jobId));
    resumed.push(jobId);
  }
  return resumed;
}

/**
 * A field a worker keeps in the queue's own `meta` hash (BullMQ's, which holds the queue's
 * settings; BullMQ reads its own fields only) to tell that Redis still holds what it was given:
 * gone after Redis restarted without persistence, or after the queue was deleted (BullMQ's
 * obliterate deletes that hash with the jobs).
 */
const QUEUE_MARK = 'leaklens-mark';

/**
 * Enqueues again what the queue lost, from the database: the ingest jobs of the files the journal
 * has not done (ingest-resume.ts resumeIngestJobs), then the open stage runs (resumeStageRuns).
 * Checks the queue's mark and, when it is gone, resumes and sets it again. Cheap (one HGET) when
 * nothing was lost, so every worker runs it on a timer (STAGE_RESUME_CHECK_MS). Returns the jobs
 * enqueued again. The mark is set after the jobs are enqueued: a check that fails midway is done
 * again.
 */
export async function resumeIfQueueLost(store: CaseStore, queue: Queue): Promise<string[]> {
  const client = await queue.client;
  const meta = queue.toKey('meta');
  if (await client.hget(meta, QUEUE_MARK)) return [];
  const resumed = [...(await resumeIngestJobs(store, queue)), ...(await resumeStageRuns(store, queue))];
  await client.hset(meta, { [QUEUE_MARK]: String(Date.now()) });
  return resumed;
}

/** How often a worker checks that the queue still holds its jobs (resumeIfQueueLost). */
export const STAGE_RESUME_CHECK_MS = 5000;
