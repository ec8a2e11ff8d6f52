import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { CaseStore } from '../case/case-store.js';
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
  await store.setMeta(run.key, JSON.stringify({ runId, state: run.state }));
  const queue = new Queue(queueName(opts.caseName), { connection: redisConnection(opts.queueUrl) });
  try {
    await queue.add(run.job, run.data(runId), stageJobOptions(`${run.job}-${runId}`));
  } finally {
    await queue.close();
  }
  return runId;
}
