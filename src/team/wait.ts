import type { CaseStore } from '../case/case-store.js';

export interface JournalTally {
  done: number;
  failed: number;
  waiting: number;
}

/**
 * How many input files of the journal are done, failed, or still waiting for a worker: one
 * GROUP BY over the journal (polled twice a second during an ingest, so it must not count the
 * item tables or fetch the rows of the files not done).
 */
export async function tally(store: CaseStore): Promise<JournalTally> {
  const c = await store.journalCounts();
  return { done: c.done, failed: c.failed, waiting: c.queued + c.started };
}

/**
 * Waits until no input file waits for a worker (each is done or failed), calling `onTick` with
 * the tally after each poll. The journal is in the database, so this sees every worker's progress.
 */
export async function waitForInputs(
  store: CaseStore,
  opts: { intervalMs?: number; timeoutMs?: number; onTick?: (t: JournalTally) => void } = {},
): Promise<JournalTally> {
  const t0 = Date.now();
  for (;;) {
    const t = await tally(store);
    opts.onTick?.(t);
    if (t.waiting === 0) return t;
    if (opts.timeoutMs !== undefined && Date.now() - t0 > opts.timeoutMs)
      throw new Error(
        `${t.waiting} input file(s) still waiting after ${Math.round(opts.timeoutMs / 1000)} s`,
      );
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
}
