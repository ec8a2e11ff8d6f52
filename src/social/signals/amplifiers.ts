import type { SocialDb } from '../db.js';

export interface Amplifier {
  accountId: string | null;
  handle: string | null;
  repostsReceived: number;
  quotesReceived: number;
  repliesReceived: number;
  mentionsReceived: number;
  /** Share of all reposts in scope that repost this account's posts. */
  repostShare: number;
  /** Distinct accounts that reposted it. */
  reposters: number;
}

/**
 * Accounts whose posts were reposted, quoted, replied to or mentioned most in scope, and their
 * share of the repost cascade. Authors are found through the reposted post when it was imported;
 * mentions are matched by handle (lower-case), so a mentioned account need not have posted.
 * @example (await amplifiers(db))[0] // { handle: 'wikileaks', repostShare: 0.38, … }
 */
export async function amplifiers(
  db: SocialDb,
  limit = 20,
): Promise<{ totalReposts: number; accounts: Amplifier[] }> {
  const rows = await db.all<{
    account_id: string | null;
    handle: string | null;
    rt: number;
    qt: number;
    rp: number;
    mn: number;
    reposters: number;
    total: number;
  }>(
    `WITH author AS (SELECT id, account_id, lower(handle) AS h FROM posts),
     rel AS (
       SELECT a.account_id, a.h, 'rt' AS kind, s.account_id AS by_account FROM scoped s JOIN author a ON a.id = s.repost_of
       UNION ALL SELECT a.account_id, a.h, 'qt', s.account_id FROM scoped s JOIN author a ON a.id = s.quote_of
       UNION ALL SELECT a.account_id, a.h, 'rp', s.account_id FROM scoped s JOIN author a ON a.id = s.reply_to),
     handles AS (SELECT lower(handle) AS h, any_value(id) AS account_id FROM accounts WHERE handle IS NOT NULL GROUP BY 1),
     mn AS (SELECT m AS h, count(*) AS n FROM (SELECT unnest(mentions) AS m, repost_of FROM scoped) WHERE repost_of IS NULL GROUP BY 1),
     agg AS (SELECT account_id, any_value(h) AS h, count(*) FILTER (WHERE kind = 'rt') AS rt, count(*) FILTER (WHERE kind = 'qt') AS qt,
               count(*) FILTER (WHERE kind = 'rp') AS rp, count(DISTINCT by_account) FILTER (WHERE kind = 'rt') AS reposters FROM rel GROUP BY account_id),
     j AS (SELECT coalesce(agg.account_id, hd.account_id) AS account_id, coalesce(agg.h, mn.h) AS handle,
             coalesce(rt, 0) AS rt, coalesce(qt, 0) AS qt, coalesce(rp, 0) AS rp, coalesce(mn.n, 0) AS mn, coalesce(reposters, 0) AS reposters
           FROM agg FULL JOIN mn ON mn.h = agg.h LEFT JOIN handles hd ON hd.h = mn.h)
     SELECT *, (SELECT count(*) FROM scoped WHERE repost_of IS NOT NULL) AS total FROM j
     ORDER BY rt + qt + mn DESC, rt DESC, handle LIMIT ${limit}`,
  );
  const total = rows[0]?.total ?? 0;
  return {
    totalReposts: total,
    accounts: rows.map((r) => ({
      accountId: r.account_id,
      handle: r.handle,
      repostsReceived: r.rt,
      quotesReceived: r.qt,
      repliesReceived: r.rp,
      mentionsReceived: r.mn,
      repostShare: total ? r.rt / total : 0,
      reposters: r.reposters,
    })),
  };
}
