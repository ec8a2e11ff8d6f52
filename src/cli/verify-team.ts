import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { enqueueVerify, type TeamVerifyState, type VerifyTally, waitForVerify } from '../team/verify-jobs.js';
import { createProgress } from '../util/progress.js';
import { VERDICTS, type Verdict } from '../verify/types.js';
import { UserError } from './errors.js';
import { formatCount, printJson, table, writeText } from './output.js';
import { openTeamCase, type TeamOptions } from './team.js';

export interface TeamVerifyOutcome {
  runId: string;
  waited: (VerifyTally & { state: TeamVerifyState['state']; error: string | null }) | null;
  counts: Record<Verdict, number> | null;
  flags: number | null;
}

/** The verdicts and verify flags of a team case, counted. */
async function verdictCounts(store: CaseStore): Promise<{ counts: Record<Verdict, number>; flags: number }> {
  const db = (store as SqlCaseStore).db;
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of await db.all<{ verdict: Verdict; n: number }>(
    'SELECT verdict, count(*) AS n FROM verdicts GROUP BY verdict',
  ))
    counts[r.verdict] = Number(r.n);
  const f = await db.get<{ n: number }>("SELECT count(*) AS n FROM flags WHERE stage = 'verify'");
  return { counts, flags: Number(f?.n ?? 0) };
}

/**
 * Enqueues a verify run on a team case (it starts when the ingest jobs are done) and, with
 * `wait`, follows it batch by batch until its final case-wide pass has run.
 */
export async function enqueueTeamVerify(
  store: CaseStore,
  o: TeamOptions & { wait?: boolean; json?: boolean; dateToleranceMinutes?: number },
): Promise<TeamVerifyOutcome> {
  if (!o.queue) throw new UserError('team verify needs --queue redis://… beside --database');
  const runId = await enqueueVerify(store, {
    queueUrl: o.queue,
    caseName: o.caseName,
    dateToleranceMinutes: o.dateToleranceMinutes,
  });
  if (!o.wait) return { runId, waited: null, counts: null, flags: null };
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
  const { counts, flags } = await verdictCounts(store);
  return {
    runId,
    waited: { ...t, state: last?.state ?? 'done', error: last?.error ?? null },
    counts,
    flags,
  };
}

/** Lines for the terminal about a team verify run. */
export function teamVerifyLines(r: TeamVerifyOutcome, o: TeamOptions): string[] {
  if (!r.waited || !r.counts)
    return [
      `Verify run ${r.runId} enqueued for case "${o.caseName}": it starts when the ingest jobs are done.`,
      `Workers run it: leaklens worker --database ${o.database} --queue ${o.queue} --case-name ${o.caseName} --blobs DIR`,
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
    const r = await enqueueTeamVerify(store, o);
    if (o.json) return printJson({ caseName: o.caseName, ...r });
    writeText(`${teamVerifyLines(r, o).join('\n')}\n`);
  } finally {
    await store.close();
  }
}
