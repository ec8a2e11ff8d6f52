import type { SocialDb } from '../db.js';
import { iso } from '../scope.js';

export interface TimelineBin {
  t: string;
  posts: number;
  reposts: number;
  accounts: number;
}

export interface Milestone {
  posts: number;
  reachedAt: string;
  /** Milliseconds from the first post in scope. */
  elapsedMs: number;
  /** Id of the N-th post: the one that crossed the milestone. */
  postId: string;
}

/**
 * Posts per time bin over the `scoped` table. `binSeconds` is any granularity (60 = per minute).
 * @example await timeline(db, 3600) // [{ t: '2017-05-05T18:00:00.000Z', posts: 120, … }]
 */
export async function timeline(db: SocialDb, binSeconds: number): Promise<TimelineBin[]> {
  const w = Math.max(1, Math.round(binSeconds)) * 1000;
  const rows = await db.all<{ b: number; posts: number; reposts: number; accounts: number }>(
    `SELECT (ts // ${w}) * ${w} AS b, count(*) AS posts, count(repost_of) AS reposts, count(DISTINCT account_id) AS accounts
     FROM scoped GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({ t: iso(r.b) ?? '', posts: r.posts, reposts: r.reposts, accounts: r.accounts }));
}

/** Picks a bin size that gives at most ~200 bins over the span (minute, 5 min, hour, day…). */
export function autoBinSeconds(spanMs: number): number {
  for (const s of [60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400]) if (spanMs / (s * 1000) <= 200) return s;
  return 30 * 86400;
}

/**
 * Time from the first post in scope to the 1,000th, 10,000th, … post (and any N asked for).
 * @example await milestones(db, [1000, 47000])
 */
export async function milestones(db: SocialDb, thresholds: number[]): Promise<Milestone[]> {
  const ns = [...new Set(thresholds.filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => a - b);
  if (!ns.length) return [];
  const rows = await db.all<{ rn: number; ts: number; id: string; first: number }>(
    `SELECT rn, ts, id, first FROM (SELECT id, ts, row_number() OVER (ORDER BY ts, id) AS rn, min(ts) OVER () AS first FROM scoped)
     WHERE rn IN (${ns.join(',')}) ORDER BY rn`,
  );
  return rows.map((r) => ({
    posts: r.rn,
    reachedAt: iso(r.ts) ?? '',
    elapsedMs: r.ts - r.first,
    postId: r.id,
  }));
}

/** The default milestones: powers of ten from 100 up to the total. */
export function defaultThresholds(total: number): number[] {
  const out: number[] = [];
  for (let n = 100; n <= total; n *= 10) out.push(n);
  return out;
}
