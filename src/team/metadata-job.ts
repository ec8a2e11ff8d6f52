import { DelayedError, type Job } from 'bullmq';
import { metadataOutliers } from '../analyze/metadata-outliers.js';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { teamOcrBusy } from './ocr-jobs.js';
import { readRunState, startStageRun } from './stage-runs.js';
import { tally } from './wait.js';

/**
 * The metadata stage as a team job: outlier flags compare each document with the whole dump, so
 * the stage is one job, not batches. It waits (BullMQ's DelayedError, no attempt spent) until the
 * journal has no input file waiting and no OCR run is pending (teamOcrBusy), then writes its
 * flags in one transaction and rebuilds the people table in another, exactly as the laptop stage does (src/analyze/metadata-outliers.ts);
 * done again after a killed worker, it writes the same rows.
 */
export const METADATA_JOB = 'metadata-run';

export interface MetadataJob {
  runId: string;
}

/** Where the last team metadata run stands, in the case's `meta`. */
export const TEAM_METADATA_META = 'metadata:team';

export interface TeamMetadataState {
  runId: string;
  state: 'waiting-for-ingest' | 'done' | 'failed';
  counts?: Record<string, number>;
  summary?: string;
  error?: string;
}

const POLL_MS = 1000;

export const isMetadataJob = (name: string): boolean => name === METADATA_JOB;

export async function readTeamMetadata(store: CaseStore): Promise<TeamMetadataState | undefined> {
  return readRunState<TeamMetadataState>(store, TEAM_METADATA_META);
}

/**
 * Enqueues the metadata stage of a team case; it runs once the ingest jobs are done.
 * @example const runId = await enqueueMetadata(store, { queueUrl: 'redis://127.0.0.1:6379', caseName: 'macron' });
 */
export async function enqueueMetadata(
  store: CaseStore,
  opts: { queueUrl: string; caseName: string },
): Promise<string> {
  const first: TeamMetadataState['state'] = 'waiting-for-ingest';
  return startStageRun<MetadataJob>(store, opts, {
    key: TEAM_METADATA_META,
    state: first,
    job: METADATA_JOB,
    data: (runId) => ({ runId }),
  });
}

/** Runs the metadata job of a worker. */
export async function metadataJob(
  store: CaseStore,
  job: Job<MetadataJob>,
  token: string | undefined,
): Promise<number> {
  // After the ingest, and after OCR as on the laptop (src/areas.ts): OCR fills in the language of
  // documents that had none, which the language outlier rule reads.
  if ((await tally(store)).waiting > 0 || (await teamOcrBusy(store))) {
    await job.moveToDelayed(Date.now() + POLL_MS, token);
    throw new DelayedError();
  }
  const cur = await readTeamMetadata(store);
  if (cur && cur.runId !== job.data.runId) return 0; // a newer run replaced this one
  if (cur && cur.state !== 'waiting-for-ingest') return 0; // ended already (the job enqueued again as it ended)
  const s = await metadataOutliers((store as SqlCaseStore).db);
  const done: TeamMetadataState = {
    runId: job.data.runId,
    state: 'done',
    counts: s.counts,
    summary: s.summary,
  };
  await store.setMeta(TEAM_METADATA_META, JSON.stringify(done));
  return s.counts.flags ?? 0;
}

/** The metadata job failed its last attempt: the run's state says why (the stage writes no partial rows). */
export async function recordMetadataFailure(
  store: CaseStore,
  job: Job<MetadataJob>,
  err: Error,
): Promise<void> {
  const cur = await readTeamMetadata(store);
  if (cur?.runId !== job.data.runId) return;
  await store.setMeta(
    TEAM_METADATA_META,
    JSON.stringify({
      ...cur,
      state: 'failed',
      error: `after ${job.attemptsMade} attempt(s): ${err.message}`,
    }),
  );
}

/** Waits until the run is done or failed (the state is in the database). */
export async function waitForMetadata(
  store: CaseStore,
  runId: string,
  opts: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<TeamMetadataState> {
  const t0 = Date.now();
  for (;;) {
    const s = await readTeamMetadata(store);
    if (s?.runId !== runId) throw new Error(`metadata run ${runId} was replaced by a newer run`);
    if (s.state !== 'waiting-for-ingest') return s;
    if (opts.timeoutMs !== undefined && Date.now() - t0 > opts.timeoutMs)
      throw new Error(`metadata run ${runId} not finished after ${Math.round(opts.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}
