import type { SocialDb } from '../db.js';

/**
 * Explainable bot-likeness: each rule below adds its weight when it fires; the score is the sum
 * (0..1) and the fired rules are the reasons. The rules follow published heuristics (DFRLab's
 * #BotSpot rate thresholds; the Botometer feature families: timing, profile, content, network).
 * The score is NOT calibrated: no accuracy is claimed; it ranks accounts for a human to check.
 */
export const BOT_RULES = [
  { key: 'rate', weight: 0.2, text: 'posts 72+ times in 24 h (DFRLab suspicious)' },
  { key: 'reposts', weight: 0.1, text: '90%+ of posts are reposts' },
  { key: 'young', weight: 0.15, text: 'account under 30 days old at its first post here' },
  { key: 'profile', weight: 0.1, text: 'empty description or default profile/image' },
  { key: 'ratio', weight: 0.1, text: 'follows 100+ accounts, followed by under 10% as many' },
  { key: 'handle', weight: 0.1, text: 'handle ends in 4+ digits or is 40%+ digits' },
  { key: 'dupes', weight: 0.1, text: 'half or more of its own texts are posted elsewhere verbatim' },
  {
    key: 'hours',
    weight: 0.05,
    text: 'active evenly round the clock (hour-of-day entropy ≥ 0.9, 24+ posts)',
  },
  {
    key: 'clockwork',
    weight: 0.1,
    text: 'regular gaps between posts (coefficient of variation < 0.25, 10+ posts)',
  },
] as const;

export interface BotScore {
  accountId: string;
  handle: string | null;
  score: number;
  band: 'bot-like' | 'mixed' | 'human-like';
  reasons: string[];
  features: Record<string, number | boolean | null>;
}

/**
 * Scores every account in `scoped` (table `bot_scores`) and returns the highest `limit`.
 * @example (await botScores(db))[0].reasons // ['posts 72+ times in 24 h (DFRLab suspicious)', …]
 */
export async function botScores(
  db: SocialDb,
  limit = 50,
): Promise<{ scored: number; botLike: number; mixed: number; accounts: BotScore[] }> {
  const fired = BOT_RULES.map((r) => `CASE WHEN f_${r.key} THEN ${r.weight} ELSE 0 END`).join(' + ');
  const reasons = BOT_RULES.map((r) => `CASE WHEN f_${r.key} THEN '${r.text}' END`).join(', ');
  // Per-account gaps and hours come from `activity` (activity.ts), which must be computed first.
  await db.run(`CREATE OR REPLACE TEMP TABLE bot_scores AS
    WITH orig AS MATERIALIZED (SELECT account_id, lower(regexp_replace(text, 'https?://\\S+|@\\w+|\\s+', ' ', 'g')) AS nt
        FROM scoped WHERE repost_of IS NULL AND length(text) >= 20),
     dup AS (SELECT nt, count(DISTINCT account_id) AS k FROM orig GROUP BY nt),
     ds AS (SELECT o.account_id, avg(CASE WHEN d.k > 1 THEN 1.0 ELSE 0.0 END) AS dup_share FROM orig o JOIN dup d ON d.nt = o.nt GROUP BY 1),
     base AS (SELECT account_id, count(*) AS posts, avg((repost_of IS NOT NULL)::INT) AS repost_ratio, min(ts) AS first_ts
        FROM scoped GROUP BY 1),
     f AS (SELECT b.*, ds.dup_share, a.handle, act.max24h, act.hour_entropy, act.gap_cv,
        (b.first_ts - a.created) / 86400000.0 AS age_days, a.followers, a.friends,
        coalesce(act.max24h >= 72, FALSE) AS f_rate, b.repost_ratio >= 0.9 AND b.posts >= 5 AS f_reposts,
        coalesce(b.first_ts - a.created < 2592000000::BIGINT, FALSE) AS f_young,
        coalesce(a.description = '' OR a.default_profile OR a.default_image, FALSE) AS f_profile,
        coalesce(a.friends >= 100 AND a.followers < 0.1 * a.friends, FALSE) AS f_ratio,
        coalesce(regexp_matches(a.handle, '\\d{4,}$') OR length(regexp_replace(a.handle, '\\D', '', 'g')) >= 0.4 * length(a.handle), FALSE) AS f_handle,
        coalesce(ds.dup_share >= 0.5, FALSE) AS f_dupes, coalesce(act.hour_entropy >= 0.9 AND b.posts >= 24, FALSE) AS f_hours,
        coalesce(act.gap_cv < 0.25 AND b.posts >= 10, FALSE) AS f_clockwork
        FROM base b LEFT JOIN accounts a ON a.id = b.account_id LEFT JOIN activity act ON act.account_id = b.account_id
        LEFT JOIN ds ON ds.account_id = b.account_id)
    SELECT *, round(${fired}, 3) AS score, list_filter([${reasons}], x -> x IS NOT NULL) AS reasons FROM f`);
  const rows = await db.all<Record<string, unknown>>(
    `SELECT * FROM bot_scores ORDER BY score DESC, posts DESC, account_id LIMIT ${limit}`,
  );
  const [c] = await db.all<{ n: number; b: number; m: number }>(
    'SELECT count(*) AS n, count(*) FILTER (WHERE score >= 0.5) AS b, count(*) FILTER (WHERE score >= 0.3 AND score < 0.5) AS m FROM bot_scores',
  );
  return { scored: c?.n ?? 0, botLike: c?.b ?? 0, mixed: c?.m ?? 0, accounts: rows.map(toScore) };
}

function toScore(r: Record<string, unknown>): BotScore {
  const score = Number(r.score);
  const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);
  return {
    accountId: String(r.account_id),
    handle: (r.handle as string | null) ?? null,
    score,
    band: score >= 0.5 ? 'bot-like' : score >= 0.3 ? 'mixed' : 'human-like',
    reasons: (r.reasons as string[]) ?? [],
    features: {
      posts: Number(r.posts),
      max24h: round(r.max24h),
      repostRatio: round(r.repost_ratio),
      ageDaysAtFirstPost: round(r.age_days),
      followers: round(r.followers),
      friends: round(r.friends),
      duplicateTextShare: round(r.dup_share),
      hourEntropy: round(r.hour_entropy),
      gapCv: round(r.gap_cv),
    },
  };
}
