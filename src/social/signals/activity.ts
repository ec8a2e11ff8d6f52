import type { SocialDb } from '../db.js';
import { iso } from '../scope.js';

/** DFRLab's rule of thumb: 72 posts a day is suspicious, 144 a day highly suspicious. */
export const DFRLAB_SUSPICIOUS = 72;
export const DFRLAB_HIGHLY = 144;

export interface AccountActivity {
  accountId: string;
  handle: string | null;
  posts: number;
  activeDays: number;
  /** Mean posts per active UTC day. */
  perDay: number;
  /** Most posts in any sliding window of 1, 2, 3 and 24 hours, with where that window starts. */
  max1h: number;
  max2h: number;
  max3h: number;
  max24h: number;
  max2hFrom: string;
  max24hFrom: string;
  /** none | suspicious | highly | user (over the user's own threshold), from max24h. */
  level: string;
}

export interface TopShare {
  n: number;
  accounts: string[];
  posts: number;
  share: number;
  from: string | null;
  to: string | null;
  spanMs: number;
}

export interface ActivityResult {
  accounts: AccountActivity[];
  thresholds: { suspicious: number; highly: number; user: number | null };
  counts: { suspicious: number; highly: number; user: number };
  top: TopShare;
}

/**
 * Per-account activity over `scoped`: posts per day and the maximum in sliding 1/2/3/24 h windows
 * (a window starts at each post: RANGE from that post to W ms later), plus the top-N accounts'
 * share of volume and the span of their posts. The per-account table is kept as `activity`.
 * @example const a = await activity(db, { top: 10 }); a.top.posts // 1312
 */
export async function activity(
  db: SocialDb,
  opts: { top?: number; limit?: number; threshold?: number } = {},
): Promise<ActivityResult> {
  const top = opts.top ?? 10;
  const user = opts.threshold ?? null;
  const win = (h: number) =>
    `count(*) OVER (PARTITION BY account_id ORDER BY ts RANGE BETWEEN CURRENT ROW AND ${h * 3600000 - 1} FOLLOWING)`;
  // One sort by (account, time) serves the sliding windows and the gaps between posts; the
  // bot score (bots.ts) reads gap_cv and hour_entropy from this table. The entropy of the hour of
  // day is computed from 24 counts (DuckDB's entropy() aggregate is several times slower).
  const hours = Array.from({ length: 24 }, (_, h) => `count(*) FILTER (WHERE hr = ${h}) AS h${h}`).join(', ');
  const entropy = Array.from(
    { length: 24 },
    (_, h) => `CASE WHEN h${h} > 0 THEN -(h${h} / posts) * log2(h${h} / posts) ELSE 0 END`,
  ).join(' + ');
  await db.run(`CREATE OR REPLACE TEMP TABLE activity AS
    WITH w AS (SELECT account_id, handle, ts, ${win(1)} AS w1, ${win(2)} AS w2, ${win(3)} AS w3, ${win(24)} AS w24,
      ts - lag(ts) OVER (PARTITION BY account_id ORDER BY ts) AS gap, hour(make_timestamp(ts * 1000)) AS hr FROM scoped),
     a AS (SELECT account_id, any_value(handle) AS handle, count(*) AS posts, count(DISTINCT ts // 86400000) AS active_days,
      max(w1) AS max1h, max(w2) AS max2h, max(w3) AS max3h, max(w24) AS max24h,
      arg_max(ts, [w2, -ts]) AS max2h_from, arg_max(ts, [w24, -ts]) AS max24h_from,
      stddev_pop(gap) / nullif(avg(gap), 0) AS gap_cv, ${hours}
      FROM w GROUP BY account_id)
    SELECT * EXCLUDE (${Array.from({ length: 24 }, (_, h) => `h${h}`).join(', ')}), (${entropy}) / log2(24) AS hour_entropy FROM a`);
  const level = `CASE WHEN max24h >= ${DFRLAB_HIGHLY} THEN 'highly' WHEN max24h >= ${DFRLAB_SUSPICIOUS} THEN 'suspicious'
    ${user !== null ? `WHEN max24h >= ${user} THEN 'user'` : ''} ELSE 'none' END`;
  const rows = await db.all<Record<string, number | string | null>>(
    `SELECT *, ${level} AS level FROM activity ORDER BY max24h DESC, posts DESC, account_id LIMIT ${opts.limit ?? 50}`,
  );
  const [c] = await db.all<{ s: number; h: number; u: number }>(
    `SELECT count(*) FILTER (WHERE max24h >= ${DFRLAB_SUSPICIOUS}) AS s, count(*) FILTER (WHERE max24h >= ${DFRLAB_HIGHLY}) AS h,
      count(*) FILTER (WHERE max24h >= ${user ?? 'NULL'}) AS u FROM activity`,
  );
  return {
    accounts: rows.map(toActivity),
    thresholds: { suspicious: DFRLAB_SUSPICIOUS, highly: DFRLAB_HIGHLY, user },
    counts: { suspicious: c?.s ?? 0, highly: c?.h ?? 0, user: c?.u ?? 0 },
    top: await topShare(db, top),
  };
}

function toActivity(r: Record<string, number | string | null>): AccountActivity {
  const posts = Number(r.posts);
  const days = Number(r.active_days);
  return {
    accountId: String(r.account_id),
    handle: (r.handle as string | null) ?? null,
    posts,
    activeDays: days,
    perDay: days ? Math.round((posts / days) * 10) / 10 : 0,
    max1h: Number(r.max1h),
    max2h: Number(r.max2h),
    max3h: Number(r.max3h),
    max24h: Number(r.max24h),
    max2hFrom: iso(Number(r.max2h_from)) ?? '',
    max24hFrom: iso(Number(r.max24h_from)) ?? '',
    level: String(r.level),
  };
}

/** The `n` accounts with most posts in scope: their posts, share of all posts, and time span. */
async function topShare(db: SocialDb, n: number): Promise<TopShare> {
  const [r] = await db.all<{
    ids: string[];
    posts: number;
    total: number;
    a: number | null;
    b: number | null;
  }>(
    `WITH t AS (SELECT account_id FROM activity ORDER BY posts DESC, account_id LIMIT ${Math.max(1, n)})
     SELECT (SELECT list(account_id ORDER BY account_id) FROM t) AS ids, count(*) AS posts,
       (SELECT count(*) FROM scoped) AS total, min(ts) AS a, max(ts) AS b
     FROM scoped WHERE account_id IN (SELECT account_id FROM t)`,
  );
  const posts = r?.posts ?? 0;
  return {
    n,
    accounts: r?.ids ?? [],
    posts,
    share: r?.total ? posts / r.total : 0,
    from: iso(r?.a),
    to: iso(r?.b),
    spanMs: r?.a !== null && r?.b !== null && r ? (r.b as number) - (r.a as number) : 0,
  };
}
