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
    // Counts per reposted/quoted/replied post first (millions of reposts, far fewer posts), then
    // their authors; distinct reposters only for the accounts listed.
    `WITH cnt AS (SELECT repost_of AS oid, 'rt' AS kind, count(*) AS n FROM scoped WHERE repost_of IS NOT NULL GROUP BY 1
       UNION ALL SELECT quote_of, 'qt', count(*) FROM scoped WHERE quote_of IS NOT NULL GROUP BY 1
       UNION ALL SELECT reply_to, 'rp', count(*) FROM scoped WHERE reply_to IS NOT NULL GROUP BY 1),
     rel AS (SELECT a.account_id, lower(a.handle) AS h, c.kind, c.n FROM cnt c JOIN posts a ON a.id = c.oid),
     handles AS (SELECT lower(handle) AS h, any_value(id) AS account_id FROM accounts WHERE handle IS NOT NULL GROUP BY 1),
     mn AS (SELECT m AS h, count(*) AS n FROM (SELECT unnest(mentions) AS m, repost_of FROM scoped) WHERE repost_of IS NULL GROUP BY 1),
     agg AS (SELECT account_id, any_value(h) AS h, coalesce(sum(n) FILTER (WHERE kind = 'rt'), 0) AS rt,
               coalesce(sum(n) FILTER (WHERE kind = 'qt'), 0) AS qt, coalesce(sum(n) FILTER (WHERE kind = 'rp'), 0) AS rp FROM rel GROUP BY account_id),
     j AS (SELECT coalesce(agg.account_id, hd.account_id) AS account_id, coalesce(agg.h, mn.h) AS handle,
             coalesce(rt, 0) AS rt, coalesce(qt, 0) AS qt, coalesce(rp, 0) AS rp, coalesce(mn.n, 0) AS mn
           FROM agg FULL JOIN mn ON mn.h = agg.h LEFT JOIN handles hd ON hd.h = mn.h),
     top AS (SELECT * FROM j ORDER BY rt + qt + mn DESC, rt DESC, handle, account_id LIMIT ${limit}),
     rs AS (SELECT a.account_id, count(DISTINCT s.account_id) AS reposters
            FROM scoped s JOIN (SELECT id, account_id FROM posts WHERE account_id IN (SELECT account_id FROM top WHERE rt > 0)) a ON a.id = s.repost_of
            GROUP BY 1)
     SELECT top.*, coalesce(rs.reposters, 0) AS reposters, (SELECT count(*) FROM scoped WHERE repost_of IS NOT NULL) AS total
     FROM top LEFT JOIN rs ON rs.account_id = top.account_id
     ORDER BY rt + qt + mn DESC, rt DESC, handle, top.account_id`,
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
