import { randomBytes } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import type { CampaignJob, CampaignJobResult, JobProgress } from './campaign-job.js';
import { JOB_ATTEMPTS, JOB_BACKOFF_MS, redisConnection } from './queue.js';

/**
 * The campaign queue of one case, apart from its ingest queue: campaign jobs run one at a time per
 * case (DuckDB has one writer), ingest jobs many at once, and neither waits behind the other.
 */
export const campaignQueueName = (caseName: string): string =>
  `leaklens-campaign-${caseName.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Finished jobs kept in Redis for `campaign status` and `--wait` (the newest, for a week). */
const KEEP = { age: 7 * 24 * 3600, count: 200 };

export interface EnqueueCampaignOptions {
  queueUrl: string;
  caseName: string;
  /** Tries before the job becomes a failure record (default JOB_ATTEMPTS), and the first back-off. */
  attempts?: number;
  backoffMs?: number;
}

/** Opens the case's campaign queue; the caller closes it. */
export function campaignQueue(queueUrl: string, caseName: string): Queue<CampaignJob, CampaignJobResult> {
  return new Queue<CampaignJob, CampaignJobResult>(campaignQueueName(caseName), {
    connection: redisConnection(queueUrl),
  });
}

/**
 * Enqueues a campaign job and returns its id. The queue's global concurrency is set to 1, so
 * workers on several machines take campaign jobs one at a time (the lock of campaign-worker.ts is
 * what guarantees it; this keeps the other workers free for ingest meanwhile).
 */
export async function enqueueCampaignJob(job: CampaignJob, opts: EnqueueCampaignOptions): Promise<string> {
  const queue = campaignQueue(opts.queueUrl, opts.caseName);
  try {
    await queue.setGlobalConcurrency(1);
    const added = await queue.add(job.kind, job, {
      jobId: `${job.kind}-${Date.now()}-${randomBytes(3).toString('hex')}`,
      attempts: opts.attempts ?? JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: opts.backoffMs ?? JOB_BACKOFF_MS },
      removeOnComplete: KEEP,
      removeOnFail: KEEP,
    });
    return String(added.id);
  } finally {
    await queue.close();
  }
}

export interface CampaignJobState {
  id: string;
  kind: string;
  state: string;
  attemptsMade: number;
  progress: JobProgress | null;
  failedReason: string | null;
  enqueuedAt: string;
  finishedAt: string | null;
}

function describe(job: Job<CampaignJob, CampaignJobResult>, state: string): CampaignJobState {
  const p = job.progress;
  return {
    id: String(job.id),
    kind: job.data.kind,
    state,
    attemptsMade: job.attemptsMade,
    progress: p && typeof p === 'object' ? (p as JobProgress) : null,
    failedReason: job.failedReason || null,
    enqueuedAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/** The campaign jobs of a case still in Redis, newest first (at most `limit` of each state). */
export async function campaignJobs(
  queueUrl: string,
  caseName: string,
  limit = 20,
): Promise<CampaignJobState[]> {
  const queue = campaignQueue(queueUrl, caseName);
  try {
    const out: CampaignJobState[] = [];
    for (const state of ['active', 'waiting', 'delayed', 'failed', 'completed'] as const)
      for (const j of await queue.getJobs([state], 0, limit - 1)) if (j) out.push(describe(j, state));
    return out.sort((a, b) => (a.enqueuedAt < b.enqueuedAt ? 1 : -1));
  } finally {
    await queue.close();
  }
}

/**
 * Waits until a campaign job completes (its result) or fails for good (an Error with its reason),
 * calling `onTick` with its state on each poll.
 */
export async function waitForCampaignJob(
  queueUrl: string,
  caseName: string,
  id: string,
  opts: { intervalMs?: number; onTick?: (s: CampaignJobState) => void } = {},
): Promise<CampaignJobResult> {
  const queue = campaignQueue(queueUrl, caseName);
  try {
    for (;;) {
      const job = await Job.fromId<CampaignJob, CampaignJobResult>(queue, id);
      if (!job) throw new Error(`campaign job ${id} is no longer in the queue`);
      const state = await job.getState();
      opts.onTick?.(describe(job, state));
      // The job may have completed between reading it and asking its state: its result is read
      // again then (the copy read before holds none).
      if (state === 'completed')
        return job.returnvalue ?? (await Job.fromId<CampaignJob, CampaignJobResult>(queue, id))?.returnvalue;
      if (state === 'failed')
        throw new Error(
          `campaign job ${id} failed after ${job.attemptsMade} attempt(s): ${job.failedReason}`,
        );
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
    }
  } finally {
    await queue.close();
  }
}
