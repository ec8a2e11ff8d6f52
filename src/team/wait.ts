import type { CaseStore } from '../case/case-store.js';

export interface JournalTally {
  done: number;
  failed: number;
  waiting: number;
}

/** How many input files of the journal are done, failed, or still waiting for a worker. */
export async function tally(store: CaseStore): Promise<JournalTally> {
  const pending = await store.pendingInputs();
  const failed = pending.filter((r) => r.status === 'failed').length;
  const all = (await store.counts()).journal ?? 0;
  return { done: all - pending.length, failed, waiting: pending.length - failed };
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
