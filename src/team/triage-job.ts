import { DelayedError, type Job } from 'bullmq';
import { runTriageDb } from '../analyze/triage-stage.js';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { failureId, failureParams, INSERT_FAILURE, SELECT_META, UPSERT_META } from '../case/sql/records.js';
import { readTeamMetadata } from './metadata-job.js';
import { teamOcrBusy } from './ocr-jobs.js';
import { readRunState, startStageRun } from './stage-runs.js';
import { readTeamVerify } from './verify-jobs.js';
import { tally } from './wait.js';

/**
 * The triage stage as a team job: threads, duplicates, identities and the communication graph
 * compare each item with the whole case, so the stage is one job per run, as metadata is. It waits
 * (BullMQ's DelayedError, no attempt spent) until nothing it must follow is still running (see
 * TRIAGE_WAITS_FOR), then runs the laptop's own code (src/analyze/triage-stage.ts) over the case's
 * PostgreSQL in one transaction that also stamps the stage as run and the run as done; a worker
 * killed in the middle leaves nothing, and the job done again writes the same rows.
 */
export const TRIAGE_JOB = 'triage-run';

export interface TriageJob {
  runId: string;
}

/** Where the last team triage run stands, in the case's `meta`. */
export const TEAM_TRIAGE_META = 'triage:team';

export interface TeamTriageState {
  runId: string;
  state: 'waiting' | 'running' | 'done' | 'failed';
  /** While waiting: what the run waits for (a TriageWait's name). */
  waitingFor?: string;
  counts?: Record<string, number>;
  summary?: string;
  error?: string;
}

/**
 * Something the triage job must let finish first, as a predicate over the case: while `busy`
 * answers true, the job waits. `name` is shown in the run's state ("waiting for ingest").
 */
export interface TriageWait {
  name: string;
  busy: (store: CaseStore) => Promise<boolean>;
}

/**
 * What the triage job waits for, in order. Triage reads what ingest wrote (e-mails, documents,
 * addresses, folders); it reads nothing verify or metadata write, but on a laptop it runs after
 * them, and waiting keeps the workers' cores for them and the stages in the laptop's order.
 * Another stage whose output triage reads (OCR writes document text) adds itself with
 * `addTriageWait` at start-up, before any worker runs.
 */
export const TRIAGE_WAITS_FOR: TriageWait[] = [
  { name: 'ingest', busy: async (store) => (await tally(store)).waiting > 0 },
  {
    name: 'verify',
    busy: async (store) => {
      const v = await readTeamVerify(store);
      return v !== undefined && v.state !== 'done';
    },
  },
  // OCR fills documents' text and language, which triage reads (the laptop runs OCR first).
  { name: 'ocr', busy: teamOcrBusy },
  {
    name: 'metadata',
    busy: async (store) => (await readTeamMetadata(store))?.state === 'waiting-for-ingest',
  },
];

/**
 * Makes every triage job of this process also wait while `w.busy` is true (replacing a wait of the
 * same name).
 * @example addTriageWait({ name: 'ocr', busy: async (store) => (await readTeamOcr(store))?.state === 'running' })
 */
export function addTriageWait(w: TriageWait): void {
  const at = TRIAGE_WAITS_FOR.findIndex((x) => x.name === w.name);
  if (at >= 0) TRIAGE_WAITS_FOR[at] = w;
  else TRIAGE_WAITS_FOR.push(w);
}

/** The name of the first stage the triage job waits for, or undefined when it may run. */
export async function triageWaitsFor(
  store: CaseStore,
  waits: readonly TriageWait[] = TRIAGE_WAITS_FOR,
): Promise<string | undefined> {
  for (const w of waits) if (await w.busy(store)) return w.name;
  return undefined;
}

const POLL_MS = 1000;

export const isTriageJob = (name: string): boolean => name === TRIAGE_JOB;

export async function readTeamTriage(store: CaseStore): Promise<TeamTriageState | undefined> {
  return readRunState<TeamTriageState>(store, TEAM_TRIAGE_META);
}

/**
 * Enqueues the triage stage of a team case; it runs once the ingest, verify and metadata runs are
 * done. A newer run replaces an older one still waiting.
 * @example const runId = await enqueueTriage(store, { queueUrl: 'redis://127.0.0.1:6379', caseName: 'macron' });
 */
export async function enqueueTriage(
  store: CaseStore,
  opts: { queueUrl: string; caseName: string },
): Promise<string> {
  const first: TeamTriageState['state'] = 'waiting';
  return startStageRun<TriageJob>(store, opts, {
    key: TEAM_TRIAGE_META,
    state: first,
    job: TRIAGE_JOB,
    data: (runId) => ({ runId }),
  });
}

/** Failure records of a triage run that failed for good (a later run that succeeds removes them). */
const triageFailure = (runId: string, message: string) => ({
  provenance: `(case-wide triage, team run ${runId})`,
  sha256: null,
  reason: 'error',
  message,
  stage: 'triage',
});

/** Runs the triage job of a worker; returns the number of items triaged. */
export async function triageJob(
  store: CaseStore,
  job: Job<TriageJob>,
  token: string | undefined,
): Promise<number> {
  const cur = await readTeamTriage(store);
  if (cur && cur.runId !== job.data.runId) return 0; // a newer run replaced this one
  if (cur?.state === 'done' || cur?.state === 'failed') return 0; // ended already (enqueued again as it ended)
  const waitingFor = await triageWaitsFor(store);
  if (waitingFor) {
    if (cur && cur.waitingFor !== waitingFor)
      await store.setMeta(TEAM_TRIAGE_META, JSON.stringify({ ...cur, state: 'waiting', waitingFor }));
    await job.moveToDelayed(Date.now() + POLL_MS, token);
    throw new DelayedError();
  }
  const { runId } = job.data;
  await store.setMeta(TEAM_TRIAGE_META, JSON.stringify({ runId, state: 'running' }));
  const s = await runTriageDb((store as SqlCaseStore).db, {
    silent: true,
    stamp: true,
    // The run's state and the results commit together: "done" is never seen without its rows.
    async atCommit(tx, summary) {
      const row = await tx.get<{ value: string }>(SELECT_META, [TEAM_TRIAGE_META]);
      const now = row ? (JSON.parse(row.value) as TeamTriageState) : undefined;
      if (now && now.runId !== runId) return; // replaced meanwhile: the newer run says where it stands
      const done: TeamTriageState = {
        runId,
        state: 'done',
        counts: summary.counts,
        summary: summary.summary,
      };
      await tx.run(UPSERT_META, [TEAM_TRIAGE_META, JSON.stringify(done)]);
      await tx.run("DELETE FROM failures WHERE stage = 'triage'");
    },
  });
  return (s.counts?.emails ?? 0) + (s.counts?.documents ?? 0);
}

/**
 * The triage job failed its last attempt: the run's state says why, and a failure record makes
 * `leaklens errors` list it (the stage writes no partial rows: its transaction rolled back).
 */
export async function recordTriageFailure(store: CaseStore, job: Job<TriageJob>, err: Error): Promise<void> {
  const cur = await readTeamTriage(store);
  if (cur?.runId !== job.data.runId) return;
  const error = `after ${job.attemptsMade} attempt(s): ${err.message}`;
  const db = (store as SqlCaseStore).db;
  const f = triageFailure(job.data.runId, `triage did not run on this case: ${error}`);
  await db.transaction(async (tx) => {
    await tx.run(UPSERT_META, [TEAM_TRIAGE_META, JSON.stringify({ ...cur, state: 'failed', error })]);
    await tx.run(INSERT_FAILURE, failureParams(failureId(f), f));
  });
}

/** Waits until the run is done or failed (the state is in the database). */
export async function waitForTriage(
  store: CaseStore,
  runId: string,
  opts: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<TeamTriageState> {
  const t0 = Date.now();
  for (;;) {
    const s = await readTeamTriage(store);
    if (s?.runId !== runId) throw new Error(`triage run ${runId} was replaced by a newer run`);
    if (s.state === 'done' || s.state === 'failed') return s;
    if (opts.timeoutMs !== undefined && Date.now() - t0 > opts.timeoutMs)
      throw new Error(`triage run ${runId} not finished after ${Math.round(opts.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}
