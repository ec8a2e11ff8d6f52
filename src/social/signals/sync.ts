import type { SocialDb } from '../db.js';
import { iso } from '../scope.js';

export interface SyncBin {
  t: string;
  accounts: number;
  posts: number;
  /** Standard deviations above the mean number of active accounts per bin. */
  z: number;
}

/**
 * Synchronised activity: time bins of `binSeconds` in which unusually many distinct accounts
 * post (z-score of active accounts per bin over all non-empty bins). Returns the `limit` busiest.
 * @example await syncBins(db, 60) // [{ t: '…T18:31:00.000Z', accounts: 212, z: 14.2 }]
 */
export async function syncBins(db: SocialDb, binSeconds = 60, limit = 10): Promise<SyncBin[]> {
  const w = Math.max(1, Math.round(binSeconds)) * 1000;
  const rows = await db.all<{ b: number; a: number; p: number; z: number | null }>(
    `WITH b AS (SELECT ts // ${w} * ${w} AS b, count(DISTINCT account_id) AS a, count(*) AS p FROM scoped GROUP BY 1)
     SELECT b, a, p, (a - avg(a) OVER ()) / nullif(stddev_pop(a) OVER (), 0) AS z FROM b ORDER BY a DESC, b LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    t: iso(r.b) ?? '',
    accounts: r.a,
    posts: r.p,
    z: Math.round((r.z ?? 0) * 10) / 10,
  }));
}
