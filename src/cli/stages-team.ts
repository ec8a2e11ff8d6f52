import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { enqueueMetadata, type TeamMetadataState, waitForMetadata } from '../team/metadata-job.js';
import { enqueueOcr, type OcrTally, ocrTally, type TeamOcrState, waitForOcr } from '../team/ocr-jobs.js';
import { enqueueTriage, type TeamTriageState, waitForTriage } from '../team/triage-job.js';
import { enqueueVerify, type TeamVerifyState, type VerifyTally, waitForVerify } from '../team/verify-jobs.js';
import { createProgress } from '../util/progress.js';
import { verdictCounts, verifyFlagCount } from '../verify/queries.js';
import { VERDICTS, type Verdict } from '../verify/types.js';
import { UserError } from './errors.js';
import { formatCount, printJson, table, writeText } from './output.js';
import { commandUrl, openTeamCase, passwordNote, type TeamOptions } from './team.js';

export interface TeamVerifyOutcome {
  runId: string;
  waited: (VerifyTally & { state: TeamVerifyState['state']; error: string | null }) | null;
  counts: Record<Verdict, number> | null;
  flags: number | null;
}

/** The verdicts and verify flags of a team case, counted. */
async function verdictTally(store: CaseStore): Promise<{ counts: Record<Verdict, number>; flags: number }> {
  const db = (store as SqlCaseStore).db;
  return { counts: await verdictCounts(db), flags: await verifyFlagCount(db) };
}

/**
 * Follows a verify run of a team case batch by batch until its final case-wide pass has run.
 */
export async function followTeamVerify(
  store: CaseStore,
  runId: string,
  o: { json?: boolean },
): Promise<TeamVerifyOutcome> {
  const bar = createProgress({ label: 'verify jobs', total: 1, unit: 'batches', silent: o.json });
  let shown = 0;
  let total = 0;
  let last: TeamVerifyState | undefined;
  const t = await waitForVerify(store, runId, {
    onTick: (tally, s) => {
      last = s;
      if (tally.batches && !total) {
        total = tally.batches;
        bar.setTotal(total);
      }
      const now = tally.done + tally.failed;
      if (now > shown) bar.tick(now - shown);
      shown = Math.max(shown, now);
    },
  });
  bar.stop();
  const { counts, flags } = await verdictTally(store);
  return {
    runId,
    waited: { ...t, state: last?.state ?? 'done', error: last?.error ?? null },
    counts,
    flags,
  };
}

/** The stages a team case runs as jobs, by the name `analyze --only` and `ingest --no-…` use. */
export type TeamStage = 'verify' | 'ocr' | 'metadata' | 'triage';
/** In the laptop's order (src/areas.ts): OCR before metadata and triage, which wait for it. */
export const TEAM_STAGES: readonly TeamStage[] = ['verify', 'ocr', 'metadata', 'triage'];

export interface TeamStagesOutcome {
  verify?: TeamVerifyOutcome;
  ocr?: TeamOcrOutcome;
  metadata?: { runId: string; waited: TeamMetadataState | null };
  triage?: { runId: string; waited: TeamTriageState | null };
}

/**
 * Enqueues the team stages (each waits for the ingest jobs) and, with `wait`, follows them.
 */
export async function runTeamStages(
  store: CaseStore,
  stages: readonly TeamStage[],
  o: TeamOptions & { wait?: boolean; json?: boolean; dateToleranceMinutes?: number },
): Promise<TeamStagesOutcome> {
  if (!o.queue) throw new UserError('team stages need --queue redis://… beside --database');
  const q = { queueUrl: o.queue, caseName: o.caseName };
  const verifyRun = stages.includes('verify')
    ? await enqueueVerify(store, { ...q, dateToleranceMinutes: o.dateToleranceMinutes })
    : null;
  // OCR is enqueued before metadata: the metadata job waits while an OCR run is pending (teamOcrBusy).
  const ocrRun = stages.includes('ocr') ? await enqueueOcr(store, q) : null;
  const metadataRun = stages.includes('metadata') ? await enqueueMetadata(store, q) : null;
  // Enqueued after verify and metadata: its job waits until their runs are done (triage-job.ts).
  const triageRun = stages.includes('triage') ? await enqueueTriage(store, q) : null;
  const out: TeamStagesOutcome = {};
  if (verifyRun)
    out.verify = o.wait
      ? await followTeamVerify(store, verifyRun, o)
      : { runId: verifyRun, waited: null, counts: null, flags: null };
  if (ocrRun) out.ocr = o.wait ? await followTeamOcr(store, ocrRun, o) : { runId: ocrRun, waited: null };
  if (metadataRun)
    out.metadata = { runId: metadataRun, waited: o.wait ? await waitForMetadata(store, metadataRun) : null };
  if (triageRun)
    out.triage = { runId: triageRun, waited: o.wait ? await waitForTriage(store, triageRun) : null };
  return out;
}

/** Lines for the terminal about the team stages. */
export function teamStagesLines(r: TeamStagesOutcome, o: TeamOptions): string[] {
  const lines = r.verify ? teamVerifyLines(r.verify, o) : [];
  if (r.ocr) lines.push(teamOcrLine(r.ocr));
  const m = r.metadata;
  if (m?.waited?.state === 'done') lines.push(`metadata: ${m.waited.summary}`);
  else if (m?.waited) lines.push(`metadata: failed ${m.waited.error ?? ''}`.trim());
  else if (m) lines.push(`Metadata run ${m.runId} enqueued: workers start it once every file is ingested.`);
  const tr = r.triage;
  if (tr?.waited?.state === 'done') lines.push(`triage: ${tr.waited.summary}`);
  else if (tr?.waited)
    lines.push(`triage: failed${tr.waited.error ? ` ${tr.waited.error}` : ''} ("leaklens errors" lists it)`);
  else if (tr)
    lines.push(
      `Triage run ${tr.runId} enqueued: workers start it once the ingest, verify and metadata runs are done.`,
    );
  return lines;
}

/** Lines for the terminal about a team verify run. */
export function teamVerifyLines(r: TeamVerifyOutcome, o: TeamOptions): string[] {
  if (!r.waited || !r.counts)
    return [
      `Verify run ${r.runId} enqueued for case "${o.caseName}": it starts when the ingest jobs are done.`,
      `Workers run it: leaklens worker --database ${commandUrl(o.database)} --queue ${commandUrl(o.queue)} --case-name ${o.caseName} --blobs DIR`,
      ...passwordNote({ '--database': o.database, '--queue': o.queue }),
    ];
  const lines = [
    `Verified by team workers: ${formatCount(r.waited.messages)} e-mail(s) in ${formatCount(r.waited.done)} batch(es)` +
      (r.waited.failed
        ? `, ${formatCount(r.waited.failed)} batch(es) failed ("leaklens errors" lists their e-mails)`
        : '') +
      `; ${formatCount(r.flags ?? 0)} forensic flag(s).`,
  ];
  if (r.waited.error) lines.push(`The run ended with an error: ${r.waited.error}`);
  lines.push(
    table(
      ['verdict', 'messages'],
      VERDICTS.map((v) => [v, r.counts?.[v] ?? 0]),
    ),
  );
  return lines;
}

/** `leaklens verify --database URL --queue URL`: a verify run of a team case, as jobs. */
export async function verifyTeam(
  o: TeamOptions & { wait?: boolean; json?: boolean; dateToleranceMinutes?: number },
): Promise<void> {
  const store = await openTeamCase(o);
  try {
    const r = (await runTeamStages(store, ['verify'], o)).verify as TeamVerifyOutcome;
    if (o.json) return printJson({ caseName: o.caseName, ...r });
    writeText(`${teamVerifyLines(r, o).join('\n')}\n`);
  } finally {
    await store.close();
  }
}

export interface TeamOcrOutcome {
  runId: string;
  waited: (TeamOcrState & { tally: OcrTally }) | null;
}

/** Follows an OCR run of a team case batch by batch until it is done or failed. */
export async function followTeamOcr(
  store: CaseStore,
  runId: string,
  o: { json?: boolean },
): Promise<TeamOcrOutcome> {
  const bar = createProgress({ label: 'ocr jobs', total: 1, unit: 'batches', silent: o.json });
  let shown = 0;
  let total = 0;
  const s = await waitForOcr(store, runId, {
    onTick: (t) => {
      if (t.batches && !total) {
        total = t.batches;
        bar.setTotal(total);
      }
      const now = t.done + t.failed;
      if (now > shown) bar.tick(now - shown);
      shown = Math.max(shown, now);
    },
  });
  bar.stop();
  // Counted once more after the end: the last poll may predate the last batch.
  return { runId, waited: { ...s, tally: await ocrTally(store, runId) } };
}

/** One line for the terminal about a team OCR run. */
export function teamOcrLine(r: TeamOcrOutcome): string {
  const w = r.waited;
  if (!w) return `OCR run ${r.runId} enqueued: workers start it once every file is ingested.`;
  if (w.state === 'failed') return `ocr: failed ${w.error ?? ''}`.trim();
  const failed = w.tally.failed
    ? ` ${formatCount(w.tally.failed)} batch(es) failed: "leaklens errors --reason ocr-error" lists their documents.`
    : '';
  return `ocr: ${w.summary ?? 'done'}${failed}`;
}
