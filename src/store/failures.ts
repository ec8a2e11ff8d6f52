import type { Store } from './store.js';

/** Reads of the failures of a laptop case (files that could not be processed, with the reason). */

export interface FailureRow {
  id: string;
  provenance: string;
  sha256: string | null;
  reason: string;
  message: string | null;
  stage: string | null;
}

/** One page of failures (of one reason, if given) by provenance, and how many there are in all. */
export function failurePage(
  store: Store,
  o: { reason?: string; limit: number; offset: number },
): { total: number; rows: FailureRow[] } {
  const where = o.reason ? 'WHERE reason = ?' : '';
  const params = o.reason ? [o.reason] : [];
  const db = store.db;
  const total = (db.prepare(`SELECT count(*) AS n FROM failures ${where}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT id, provenance, sha256, reason, message, stage FROM failures ${where} ORDER BY provenance LIMIT ? OFFSET ?`,
    )
    .all(...params, o.limit, o.offset) as FailureRow[];
  return { total, rows };
}

/** Failures by reason, the most frequent first. */
export function failureReasons(store: Store): { reason: string; count: number }[] {
  return store.db
    .prepare('SELECT reason, count(*) AS count FROM failures GROUP BY 1 ORDER BY 2 DESC')
    .all() as { reason: string; count: number }[];
}
