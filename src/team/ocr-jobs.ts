import { DelayedError, type Job, Queue } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import {
  OCR_BATCH_ITEMS,
  OCR_BATCH_STATUS,
  OCR_BATCH_TALLY,
  OCR_BATCHES_NOT_DONE,
  OCR_INSERT_BATCH,
  OCR_SET_BATCH_STATUS,
  OCR_TODO,
  ocrCandidatesIn,
} from '../case/sql/ocr.js';
import { failureId, failureParams, INSERT_FAILURE, UPSERT_META } from '../case/sql/records.js';
import type { SqlDb } from '../case/sql-db.js';
import { stageRunKey } from '../case/stage-ran.js';
import { OcrPool } from '../ocr/engine.js';
import type { LangPlan } from '../ocr/langs.js';
import { DEFAULT_OCR_LIMITS, type OcrLimits } from '../ocr/limits.js';
import type { PageResult } from '../ocr/read.js';
import { countPages, ocrSummary, planCaseLangs, readItems } from '../ocr/stage.js';
import { OCR_STAGE, type OcrCandidate, writeOcrRows } from '../ocr/write.js';
import type { BlobStore } from '../store/blob-store.js';
import { redisConnection } from './queue.js';
import { readRunState, stageJobOptions, startStageRun } from './stage-runs.js';
import { tally } from './wait.js';

/**
 * The OCR stage as team jobs, on the case's queue beside the ingest jobs. A run is two kinds of job:
 * 1. `ocr-plan` waits until the journal has no input file waiting (the ingest jobs are done), then
 *    lists the documents not yet read (the laptop stage's OCR_TODO), chooses the models once for
 *    the whole run from the case's languages (as the laptop does), records the batches in
 *    `ocr_batches` and enqueues them;
 * 2. `ocr-batch` reads its documents' pictures from the shared blob directory on this worker's
 *    OCR threads, each page under the laptop's wall-time budget (limits.ts `maxPageSeconds`), and
 *    writes every document's rows (writeOcrRows: pages, text, full-text row, flag, done mark) in
 *    the one transaction that marks the batch done: done again after a killed worker, it writes
 *    the same rows; a batch already done is skipped.
 * The worker that finishes the last batch marks the run done (one compare-and-set on `meta`), so
 * no job waits on a timer for the others. OCR costs seconds per page: batches are a few documents,
 * so a killed worker loses little.
 */
export const OCR_JOB_NAMES = ['ocr-plan', 'ocr-batch'] as const;
export type OcrJobName = (typeof OCR_JOB_NAMES)[number];

export interface OcrJob {
  runId: string;
  /** ocr-plan only: documents per batch (default OCR_BATCH_SIZE). */
  batchSize?: number;
  /** ocr-plan only: tesseract codes (default: planned from the case). */
  langs?: string[];
  /** ocr-batch only. */
  batch?: number;
  ids?: string[];
  plan?: LangPlan;
}

/** Documents per batch job: a few documents of a few seconds per page each. */
export const OCR_BATCH_SIZE = 4;
/** How often a plan job waiting for the ingest looks at the database again. */
export const OCR_POLL_MS = 1000;

/** Where a team OCR run stands, kept in the case's `meta` under this key. */
export const TEAM_OCR_META = 'ocr:team';

export interface TeamOcrState {
  runId: string;
  state: 'waiting-for-ingest' | 'reading' | 'done' | 'failed';
  batches?: number;
  documents?: number;
  langs?: string[];
  /** At the end: the laptop stage's counts and summary, over the documents of this run. */
  counts?: Record<string, number>;
  summary?: string;
  /** Why the plan job failed for good, if it did. */
  error?: string;
}

export const isOcrJob = (name: string): name is OcrJobName =>
  (OCR_JOB_NAMES as readonly string[]).includes(name);

const dbOf = (store: CaseStore): SqlDb => (store as SqlCaseStore).db;

export async function readTeamOcr(store: CaseStore): Promise<TeamOcrState | undefined> {
  return readRunState<TeamOcrState>(store, TEAM_OCR_META);
}

/**
 * Whether an OCR run of this team case is planned or has batches not done. A team triage run must
 * wait while this is true: triage reads the text OCR adds (entities, document types, sensitivity),
 * and on the laptop it runs after OCR. The metadata job waits on it too (OCR sets the language of
 * documents that had none, which the language outlier rule reads).
 * @example if (await teamOcrBusy(store)) return later(job, token);
 */
export async function teamOcrBusy(store: CaseStore): Promise<boolean> {
  const s = await readTeamOcr(store);
  return s?.state === 'waiting-for-ingest' || s?.state === 'reading';
}

/**
 * Enqueues an OCR run of the team case: it starts once every input file of the journal is
 * ingested or failed, and reads the documents no run has read yet. Returns the run's id.
 * @example const runId = await enqueueOcr(store, { queueUrl: 'redis://127.0.0.1:6379', caseName: 'macron' });
 */
export async function enqueueOcr(
  store: CaseStore,
  opts: { queueUrl: string; caseName: string; batchSize?: number; langs?: string[] },
): Promise<string> {
  const first: TeamOcrState['state'] = 'waiting-for-ingest';
  return startStageRun<OcrJob>(store, opts, {
    key: TEAM_OCR_META,
    state: first,
    job: 'ocr-plan',
    data: (runId) => ({ runId, batchSize: opts.batchSize, langs: opts.langs }),
  });
}

/**
 * What a worker keeps for OCR jobs: one pool of OCR threads (as many as the worker's slots, so a
 * worker per core reads one page per core), started at the first OCR job and kept from job to job.
 */
export class OcrJobs {
  private pool: OcrPool | null = null;

  constructor(
    private readonly store: CaseStore,
    private readonly blobs: BlobStore,
    private readonly queueUrl: string,
    private readonly threads = 1,
    private readonly limits: OcrLimits = DEFAULT_OCR_LIMITS,
  ) {}

  /** Runs one OCR job (see the module comment for the two kinds). */
  run(job: Job<OcrJob>, token: string | undefined): Promise<number> {
    if (job.name === 'ocr-plan') return this.plan(job, token);
    this.pool ??= new OcrPool(job.data.plan?.primary ?? ['eng'], this.threads, this.limits.maxPageSeconds);
    return runOcrBatch(this.store, this.blobs, this.pool, job.data, this.limits);
  }

  private async plan(job: Job<OcrJob>, token: string | undefined): Promise<number> {
    if ((await tally(this.store)).waiting > 0) {
      await job.moveToDelayed(Date.now() + OCR_POLL_MS, token);
      throw new DelayedError();
    }
    return planOcrRun(this.store, job.data, job.queueName, this.queueUrl);
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}

/** Plans a run (once; a plan job redone after it planned re-enqueues the batches not done). */
async function planOcrRun(store: CaseStore, data: OcrJob, queue: string, queueUrl: string): Promise<number> {
  const { runId } = data;
  const db = dbOf(store);
  const cur = await readTeamOcr(store);
  if (cur && cur.runId !== runId) return 0; // a newer run replaced this one
  if (cur?.state === 'done' || cur?.state === 'failed') return 0;
  if (cur?.state !== 'reading') {
    const ids = (await db.all<OcrCandidate>(OCR_TODO)).map((r) => r.id);
    const plan = await planCaseLangs(db, data.langs);
    const size = Math.max(1, data.batchSize ?? OCR_BATCH_SIZE);
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
    const state: TeamOcrState = {
      runId,
      state: 'reading',
      batches: batches.length,
      documents: ids.length,
      langs: plan.primary,
    };
    await db.transaction(async (tx) => {
      for (const [i, b] of batches.entries())
        await tx.run(OCR_INSERT_BATCH, [runId, i, JSON.stringify({ ids: b, plan })]);
      await tx.run(UPSERT_META, [TEAM_OCR_META, JSON.stringify(state)]);
    });
  }
  const todo = await db.all<{ batch: number | string; item_ids: string }>(OCR_BATCHES_NOT_DONE, [runId]);
  if (!todo.length) {
    await finishIfLast(store, runId);
    return 0;
  }
  const q = new Queue<OcrJob>(queue, { connection: redisConnection(queueUrl) });
  try {
    await q.addBulk(
      todo.map((b) => {
        const { ids, plan } = JSON.parse(b.item_ids) as { ids: string[]; plan: LangPlan };
        return {
          name: 'ocr-batch',
          data: { runId, batch: Number(b.batch), ids, plan },
          opts: stageJobOptions(`ocr-batch-${runId}-${b.batch}`),
        };
      }),
    );
  } finally {
    await q.close();
  }
  return todo.length;
}

/**
 * Reads one batch and writes it in one transaction with its done mark. Returns the documents
 * written (0 when the batch was done already or its run replaced).
 */
export async function runOcrBatch(
  store: CaseStore,
  blobs: BlobStore,
  pool: OcrPool,
  data: OcrJob,
  l: OcrLimits = DEFAULT_OCR_LIMITS,
): Promise<number> {
  const db = dbOf(store);
  const { runId, batch = 0, ids = [], plan } = data;
  if (!plan) throw new Error(`ocr-batch ${runId}/${batch} carries no language plan`);
  if ((await db.get<{ status: string }>(OCR_BATCH_STATUS, [runId, batch]))?.status !== 'queued') {
    // Done already: a job redone after its worker died between the commit and the run's end.
    await finishIfLast(store, runId);
    return 0;
  }
  const todo = ids.length ? await db.all<OcrCandidate>(ocrCandidatesIn(ids.length), ids) : [];
  const read: { c: OcrCandidate; pages: PageResult[] }[] = [];
  await readItems(pool, blobs, todo, plan, l, (c, pages) => {
    read.push({ c, pages });
  });
  read.sort((a, b) => (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  const written = await db.transaction(async (tx) => {
    if ((await tx.get<{ status: string }>(OCR_BATCH_STATUS, [runId, batch]))?.status !== 'queued') return 0;
    for (const { c, pages } of read) await writeOcrRows(tx, c, pages, l);
    await tx.run(OCR_SET_BATCH_STATUS, ['done', read.length, runId, batch]);
    return read.length;
  });
  await finishIfLast(store, runId);
  return written;
}

export interface OcrTally {
  batches: number;
  queued: number;
  done: number;
  failed: number;
  documents: number;
}

/** How many batches of a run are queued, done or failed, and the documents the done ones held. */
export async function ocrTally(store: CaseStore, runId: string): Promise<OcrTally> {
  const rows = await dbOf(store).all<{ status: string; n: number; documents: number }>(OCR_BATCH_TALLY, [
    runId,
  ]);
  const t: OcrTally = { batches: 0, queued: 0, done: 0, failed: 0, documents: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    t.batches += n;
    if (r.status === 'queued' || r.status === 'done' || r.status === 'failed') t[r.status] += n;
    if (r.status === 'done') t.documents += Number(r.documents);
  }
  return t;
}

/** The laptop stage's counts over the documents of a run, from what the batches wrote. */
async function runCounts(db: SqlDb, runId: string): Promise<Record<string, number>> {
  const ids = (await db.all<{ item_ids: string }>(OCR_BATCH_ITEMS, [runId])).flatMap(
    (r) => (JSON.parse(r.item_ids) as { ids: string[] }).ids,
  );
  const counts: Record<string, number> = {
    items: 0,
    pages: 0,
    withText: 0,
    lowConfidence: 0,
    noText: 0,
    failed: 0,
    chars: 0,
  };
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map(() => '?').join(', ');
    const docs = await db.all<{ item_id: string; chars: number | string }>(
      `SELECT item_id, chars FROM ocr_documents WHERE item_id IN (${marks})`,
      chunk,
    );
    const pages = await db.all<{ item_id: string; status: PageResult['status']; chars: number | string }>(
      `SELECT item_id, status, chars FROM ocr_pages WHERE item_id IN (${marks})`,
      chunk,
    );
    const byItem = new Map<string, PageResult[]>(docs.map((d) => [d.item_id, []]));
    for (const p of pages)
      byItem.get(p.item_id)?.push({ status: p.status, text: Number(p.chars) ? 'x' : '' } as PageResult);
    for (const list of byItem.values()) countPages(counts, list);
    counts.chars = (counts.chars ?? 0) + docs.reduce((s, d) => s + Number(d.chars), 0);
  }
  return counts;
}

/**
 * When no batch of the run is queued any more: the run is done. Several workers may finish their
 * last batches at once; the compare-and-set on `meta` lets exactly one write the end.
 */
async function finishIfLast(store: CaseStore, runId: string): Promise<void> {
  const raw = await store.getMeta(TEAM_OCR_META);
  const cur = raw ? (JSON.parse(raw) as TeamOcrState) : undefined;
  if (!raw || cur?.runId !== runId || cur.state !== 'reading') return;
  if ((await ocrTally(store, runId)).queued > 0) return;
  const counts = await runCounts(dbOf(store), runId);
  const s = ocrSummary(counts, 0, cur.langs);
  const done: TeamOcrState = { ...cur, state: 'done', counts: s.counts, summary: s.summary };
  if (await store.claimMeta(TEAM_OCR_META, raw, JSON.stringify(done)))
    await store.setMeta(stageRunKey(OCR_STAGE), `${Date.now()}:${process.pid}:${Math.random()}`);
}

/**
 * An OCR job that failed its last attempt (or stalled out: its worker killed again and again). A
 * batch: each of its documents becomes a failure record naming the file and the reason (never a
 * document silently left unread), the batch is marked failed, and the run ends if it was the last.
 * Those documents have no `ocr_documents` row, so the next run reads them again. The plan job:
 * the run ends failed, with the reason in its state.
 */
export async function recordOcrFailure(store: CaseStore, job: Job<OcrJob>, err: Error): Promise<void> {
  const db = dbOf(store);
  const { runId, batch, ids } = job.data;
  if (job.name !== 'ocr-batch' || batch === undefined || !ids) {
    const cur = await readTeamOcr(store);
    if (cur?.runId === runId)
      await store.setMeta(
        TEAM_OCR_META,
        JSON.stringify({
          ...cur,
          state: 'failed',
          error: `after ${job.attemptsMade} attempt(s): ${err.message}`,
        }),
      );
    return;
  }
  const rows = ids.length
    ? await db.all<{ id: string; sha256: string | null; provenance: string }>(
        `SELECT id, sha256, provenance FROM items WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
        ids,
      )
    : [];
  await db.transaction(async (tx) => {
    if ((await tx.get<{ status: string }>(OCR_BATCH_STATUS, [runId, batch]))?.status !== 'queued') return;
    for (const r of rows) {
      const f = {
        provenance: r.provenance,
        sha256: r.sha256,
        reason: 'ocr-error',
        message: `cannot OCR ${r.provenance}: not read after ${job.attemptsMade} attempt(s) by team workers: ${err.message}`,
        stage: OCR_STAGE,
      };
      await tx.run(INSERT_FAILURE, failureParams(failureId(f), f));
    }
    await tx.run(OCR_SET_BATCH_STATUS, ['failed', 0, runId, batch]);
  });
  await finishIfLast(store, runId);
}

/** Waits until the run is done or failed, calling `onTick` with the batches' tally after each poll. */
export async function waitForOcr(
  store: CaseStore,
  runId: string,
  opts: { intervalMs?: number; timeoutMs?: number; onTick?: (t: OcrTally, s?: TeamOcrState) => void } = {},
): Promise<TeamOcrState> {
  const t0 = Date.now();
  for (;;) {
    const s = await readTeamOcr(store);
    opts.onTick?.(await ocrTally(store, runId), s);
    if (s?.runId !== runId) throw new Error(`OCR run ${runId} was replaced by a newer run`);
    if (s.state === 'done' || s.state === 'failed') return s;
    if (opts.timeoutMs !== undefined && Date.now() - t0 > opts.timeoutMs)
      throw new Error(`OCR run ${runId} not finished after ${Math.round(opts.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}
