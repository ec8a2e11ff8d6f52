import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { CaseStore } from '../case/case-store.js';
import type { ImportSummary } from '../social/types.js';
import { CampaignJobError, runJobInChild } from './campaign-child.js';
import { campaignDir } from './campaign-files.js';
import type { CampaignJob, CampaignJobResult } from './campaign-job.js';
import { campaignQueueName } from './campaign-queue.js';
import { redisConnection } from './queue.js';

export interface CampaignWorkerOptions {
  queueUrl: string;
  databaseUrl: string;
  caseName: string;
  blobRoot: string;
  lockDurationMs?: number;
}

/** Import failures and warnings join the case's failure list (`leaklens errors`), as on a laptop. */
async function recordImportFailures(store: CaseStore, s: ImportSummary): Promise<void> {
  for (const f of [...s.failures, ...s.warnings])
    await store.addFailure({
      provenance: f.line ? `${f.file}:${f.line}` : f.file,
      sha256: null,
      reason: f.reason,
      message: f.message,
      stage: 'campaign-import',
    });
}

/** A job that failed its last attempt becomes a failure record with its reason (`leaklens errors`). */
async function recordFinalFailure(store: CaseStore, job: Job<CampaignJob>, err: Error): Promise<void> {
  const what =
    job.data.kind === 'import'
      ? `import of ${job.data.files.length} file(s)`
      : job.data.kind === 'trail'
        ? 'trail'
        : 'analysis';
  await store.addFailure({
    provenance: `campaign job ${job.id}`,
    sha256: null,
    reason: 'error',
    message: `campaign ${what} not done after ${job.attemptsMade} attempt(s) by team workers: ${err.message}`,
    stage: `campaign-${job.data.kind}`,
  });
}

/**
 * Starts a worker on the case's campaign queue (one job at a time in this process; the campaign
 * lock, campaign-lock.ts, makes it one at a time in the whole team). Each job runs in a process
 * of its own (campaign-child.ts). Jobs are retried with exponential back-off; a user's
 * mistake (an unknown format, a bad time filter, no posts yet) fails at once instead.
 */
export function startCampaignWorker(
  store: CaseStore,
  opts: CampaignWorkerOptions,
): Worker<CampaignJob, CampaignJobResult> {
  const dir = campaignDir(opts.blobRoot, opts.caseName);
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker<CampaignJob, CampaignJobResult>(
    campaignQueueName(opts.caseName),
    async (job) => {
      try {
        const r = await runJobInChild(
          job.data,
          { dir, databaseUrl: opts.databaseUrl, caseName: opts.caseName, blobRoot: opts.blobRoot },
          (p) => void job.updateProgress(p).catch(() => undefined),
        );
        if (r.import) await recordImportFailures(store, r.import);
        return r;
      } catch (err) {
        if (err instanceof CampaignJobError && err.userError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    {
      connection: redisConnection(opts.queueUrl),
      concurrency: 1,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 3,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final =
      err instanceof UnrecoverableError ||
      err.name === 'UnrecoverableError' ||
      /stalled more than allowable limit/.test(err.message) ||
      job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) void recordFinalFailure(store, job, err).catch(() => undefined);
  });
  worker.on('error', () => undefined);
  return worker;
}
