import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { flagDuplicateMessageIds } from '../ingest/post-ingest.js';

/**
 * Meta key holding where the end of a team ingest stands: `pending` once files are enqueued,
 * `running` while one process prepares the search tables, `done` after.
 */
export const INGEST_END_KEY = 'team-ingest-end';

/** Marks that files were enqueued: the process that sees the last of them done prepares search. */
export async function ingestEnqueued(store: CaseStore): Promise<void> {
  await store.setMeta(INGEST_END_KEY, 'pending');
}

/**
 * The end of a team ingest, done once: when no input file waits any more, the first process to
 * claim it (the worker finishing the last job, or `ingest --wait`) runs VACUUM ANALYZE on the
 * search tables, so the first searches after the ingest use the GIN indexes with their pending
 * lists merged and the planner's statistics, not a sequential scan over TOASTed tsvectors. It also
 * flags the e-mails that share a Message-ID, as the end of a laptop ingest does (a flag over the
 * whole case, so no single file's job can write it).
 * Returns true if this call did it. A new ingest enqueued meanwhile sets `pending` again, and its
 * own end is prepared in turn.
 */
export async function finishIngestIfLast(store: CaseStore): Promise<boolean> {
  if (await store.inputsWaiting()) return false;
  if (!(await store.claimMeta(INGEST_END_KEY, 'pending', 'running'))) return false;
  try {
    await flagDuplicateMessageIds((store as SqlCaseStore).db);
    await store.optimizeSearch();
  } catch (err) {
    await store.claimMeta(INGEST_END_KEY, 'running', 'pending').catch(() => undefined);
    throw err;
  }
  await store.claimMeta(INGEST_END_KEY, 'running', 'done');
  return true;
}

/**
 * For `ingest --wait`, once every file is done or failed: prepares search itself, or waits for
 * the worker doing it (at most `maxMs`, then does it itself). Returns who did it.
 */
export async function awaitIngestEnd(
  store: CaseStore,
  maxMs = 10 * 60_000,
): Promise<'this process' | 'a worker' | 'nothing to do'> {
  if (await finishIngestIfLast(store)) return 'this process';
  const t0 = Date.now();
  for (;;) {
    const state = await store.getMeta(INGEST_END_KEY);
    if (state !== 'running') return state === 'done' ? 'a worker' : 'nothing to do';
    if (Date.now() - t0 > maxMs) {
      // The worker that claimed it died mid-way: take it over.
      await store.claimMeta(INGEST_END_KEY, 'running', 'pending');
      return (await finishIngestIfLast(store)) ? 'this process' : 'a worker';
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
