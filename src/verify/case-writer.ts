/**
 * Writes of the verify stage, through the case's `SqlDb` (SQLite or PostgreSQL): verdict rows,
 * flags, failures and keys fetched from DNS, buffered and committed in transactions.
 */

import {
  failureId,
  failureParams,
  flagId,
  flagParams,
  INSERT_FAILURE,
  UPSERT_FLAG,
} from '../case/sql/records.js';
import { INSERT_KEY, UPSERT_VERDICT } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import type { FailureRecord, FlagRecord } from '../model/entities.js';
import { keyParams } from './key-archive.js';
import type { ForensicFlag, KeyCandidate, MessageVerification } from './types.js';

const BATCH = 500;

/** The row of a verdict: signing domains listed once, sorted. */
export function verdictParams(id: string, v: MessageVerification): unknown[] {
  const domains = [...new Set(v.signatures.map((s) => s.domain).filter(Boolean))].sort().join(',');
  return [
    id,
    v.verdict,
    v.reason,
    domains || null,
    JSON.stringify(v.signatures),
    JSON.stringify(v.arc),
    v.asOf,
  ];
}

export const verifyFlag = (itemId: string, f: ForensicFlag): FlagRecord => ({
  itemId,
  stage: 'verify',
  ...f,
});

/** One pending write; each is one statement of a transaction. */
type Write =
  | { t: 'verdict'; params: unknown[] }
  | { t: 'flag'; flag: FlagRecord }
  | { t: 'failure'; failure: FailureRecord }
  | { t: 'key'; params: unknown[] };

/** Runs writes in the caller's transaction (or as one of their own on a plain `SqlDb`). */
export async function applyWrites(tx: SqlDb, writes: readonly Write[]): Promise<void> {
  for (const w of writes) {
    if (w.t === 'verdict') await tx.run(UPSERT_VERDICT, w.params);
    else if (w.t === 'flag') await tx.run(UPSERT_FLAG, flagParams(flagId(w.flag), w.flag));
    else if (w.t === 'failure') await tx.run(INSERT_FAILURE, failureParams(failureId(w.failure), w.failure));
    else await tx.run(INSERT_KEY, w.params);
  }
}

/**
 * Buffers writes and commits them in transactions of BATCH writes (one fsync per batch, not per
 * row). Adding is synchronous (results of the thread pool arrive in callbacks); commits run one
 * after the other in the background, and `flush()` waits for all of them.
 */
export function batchWriter(db: SqlDb) {
  let pending: Write[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let failed: unknown = null;
  const commit = () => {
    const jobs = pending;
    pending = [];
    if (!jobs.length) return;
    chain = chain.then(() =>
      db
        .transaction((tx) => applyWrites(tx, jobs))
        .catch((err) => {
          failed ??= err;
        }),
    );
  };
  const push = (w: Write) => {
    pending.push(w);
    if (pending.length >= BATCH) commit();
  };
  return {
    verdict(id: string, v: MessageVerification) {
      push({ t: 'verdict', params: verdictParams(id, v) });
    },
    flag(itemId: string, f: ForensicFlag) {
      push({ t: 'flag', flag: verifyFlag(itemId, f) });
    },
    failure(f: FailureRecord) {
      push({ t: 'failure', failure: f });
    },
    keys(keys: KeyCandidate[], addedAt = new Date().toISOString()) {
      for (const k of keys) push({ t: 'key', params: keyParams(k, addedAt) });
    },
    /** Commits everything added so far; rejects with the first error of any commit. */
    async flush(): Promise<void> {
      commit();
      await chain;
      if (failed) throw failed;
    },
  };
}
