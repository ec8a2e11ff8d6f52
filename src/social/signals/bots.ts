import type { SocialDb } from '../db.js';
import { BOT_RULES, type BotRaw, botFeatures, profileKnown, scoreBot } from './bot-features.js';
import { BOT_MODEL } from './bot-weights.js';

export { BOT_RULES };

/**
 * Bot-likeness: a logistic score over explainable rules (bot-features.ts) whose profile weights
 * were fitted on public labelled accounts and measured on held-out ones (docs/bots.md,
 * bench/bots/run.ts). `BOT_MODEL.heldOut` carries the measured precision at the threshold.
 */
export interface BotScore {
  accountId: string;
  handle: string | null;
  score: number;
  band: 'bot-like' | 'mixed' | 'human-like';
  reasons: string[];
  features: Record<string, number | boolean | null>;
}

export interface BotSummary {
  scored: number;
  botLike: number;
  mixed: number;
  /** Bot-like accounts with no profile in the source: flagged on posting rules alone (not measured). */
  botLikeWithoutProfile: number;
  /** Accounts with profile fields: the part of the score the held-out figures describe. */
  withProfile: number;
  threshold: number;
  heldOut: typeof BOT_MODEL.heldOut;
  accounts: BotScore[];
}

/**
 * A text as the duplicate-text feature compares it: URLs and mentions out, every run of
 * whitespace one space. The pattern runs only on texts it can change: one with no "http", no
 * "@", none of RE2's other `\s` characters (tab, LF, FF, CR) and no two spaces in a row comes
 * out as it went in (each single space is replaced by a space). Half of the IRA file's original
 * texts are such, and the pattern was the costliest statement of `campaign analyze` there.
 */
export const DUP_TEXT_SQL = `CASE WHEN contains(text, 'http') OR contains(text, '@') OR contains(text, '  ')
  OR contains(text, chr(9)) OR contains(text, chr(10)) OR contains(text, chr(12)) OR contains(text, chr(13))
  THEN regexp_replace(text, 'https?://\\S+|@\\w+|\\s+', ' ', 'g') ELSE text END`;

/**
 * Scores every account in `scoped` and returns them all, highest first, or the top `limit`.
 * Reads the `activity` table (activity.ts) for active days, gaps and hours.
 * @example (await botScores(db))[0].reasons // ['follows 100+ accounts, followed by under 10% as many (+5.32)', …]
 */
export async function botScores(db: SocialDb, limit = 50): Promise<BotSummary> {
  const rows = await db.all<Record<string, unknown>>(`
    WITH orig AS MATERIALIZED (SELECT account_id, lower(${DUP_TEXT_SQL}) AS nt
        FROM scoped WHERE repost_of IS NULL AND length(text) >= 20),
     dup AS (SELECT nt, count(DISTINCT account_id) AS k FROM orig GROUP BY nt),
     ds AS (SELECT o.account_id, avg(CASE WHEN d.k > 1 THEN 1.0 ELSE 0.0 END) AS dup_share FROM orig o JOIN dup d ON d.nt = o.nt GROUP BY 1),
     base AS (SELECT account_id, count(*) AS posts, avg((repost_of IS NOT NULL)::INT) AS repost_ratio, max(ts) AS last_ts
        FROM scoped GROUP BY 1)
    SELECT b.account_id, coalesce(a.handle, act.handle) AS handle, b.posts, b.repost_ratio, b.last_ts, ds.dup_share,
      act.active_days, act.max24h, act.hour_entropy, act.gap_cv, a.created, a.followers, a.friends, a.statuses,
      a.description, a.default_profile, a.default_image
    FROM base b LEFT JOIN accounts a ON a.id = b.account_id LEFT JOIN activity act ON act.account_id = b.account_id
    LEFT JOIN ds ON ds.account_id = b.account_id`);
  const all = rows
    .map(toScore)
    .sort(
      (x, y) =>
        y.score - x.score ||
        Number(y.features.posts) - Number(x.features.posts) ||
        (x.accountId < y.accountId ? -1 : 1),
    );
  const botLike = all.filter((x) => x.band === 'bot-like');
  return {
    scored: all.length,
    botLike: botLike.length,
    mixed: all.filter((x) => x.band === 'mixed').length,
    botLikeWithoutProfile: botLike.filter((x) => !x.features.profileKnown).length,
    withProfile: all.filter((x) => x.features.profileKnown).length,
    threshold: BOT_MODEL.threshold,
    heldOut: BOT_MODEL.heldOut,
    accounts: Number.isFinite(limit) ? all.slice(0, limit) : all,
  };
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

function toScore(r: Record<string, unknown>): BotScore {
  const raw: BotRaw = {
    handle: (r.handle as string | null) ?? null,
    created: n(r.created),
    lastSeen: n(r.last_ts),
    followers: n(r.followers),
    friends: n(r.friends),
    statuses: n(r.statuses),
    description: (r.description as string | null) ?? null,
    defaultProfile: (r.default_profile as boolean | null) ?? null,
    defaultImage: (r.default_image as boolean | null) ?? null,
    posts: n(r.posts),
    activeDays: n(r.active_days),
    repostRatio: n(r.repost_ratio),
    duplicateTextShare: n(r.dup_share),
    hourEntropy: n(r.hour_entropy),
    gapCv: n(r.gap_cv),
  };
  const f = botFeatures(raw);
  const s = scoreBot(f);
  const age =
    raw.created !== null && raw.lastSeen !== null ? (raw.lastSeen - raw.created) / 86_400_000 : null;
  return {
    accountId: String(r.account_id),
    handle: raw.handle,
    score: s.score,
    band: s.band,
    reasons: s.reasons,
    features: {
      posts: raw.posts,
      perActiveDay: raw.activeDays ? round((raw.posts ?? 0) / raw.activeDays) : null,
      max24h: n(r.max24h),
      repostRatio: round(raw.repostRatio),
      ageDaysWhenLastSeen: round(age),
      followers: raw.followers,
      friends: raw.friends,
      statuses: raw.statuses,
      duplicateTextShare: round(raw.duplicateTextShare),
      hourEntropy: round(raw.hourEntropy),
      gapCv: round(raw.gapCv),
      profileKnown: profileKnown(raw),
      ...Object.fromEntries(BOT_RULES.map((x) => [`rule.${x.key}`, f[x.key] === 1])),
    },
  };
}
