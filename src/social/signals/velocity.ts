import type { SocialDb } from '../db.js';
import { iso } from '../scope.js';

export interface SeedPost {
  id: string;
  accountId: string;
  handle: string | null;
  time: string;
  text: string;
  isRepost: boolean;
}

export interface Velocity {
  id: string;
  accountId: string;
  handle: string | null;
  /** Time of the original; when the original was not imported, of its first repost (originalSeen false). */
  time: string;
  originalSeen: boolean;
  reposts: number;
  within1m: number;
  within5m: number;
  within60m: number;
  text: string;
}

/** The first `n` posts in scope: who started it. */
export async function seedPosts(db: SocialDb, n = 5): Promise<SeedPost[]> {
  const rows = await db.all<{
    id: string;
    account_id: string;
    handle: string | null;
    ts: number;
    text: string;
    repost_of: string | null;
  }>(
    `SELECT id, account_id, handle, ts, text, repost_of FROM scoped ORDER BY ts, id LIMIT ${Math.max(1, n)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    handle: r.handle,
    time: iso(r.ts) ?? '',
    text: r.text,
    isRepost: r.repost_of !== null,
  }));
}

/**
 * The first original post in scope that was reposted in scope: whose cascade to draw. The very
 * first post is often not it (a 4chan thread opener or a Telegram message that nobody reposts on
 * the platform it was posted on), and a cascade of a post never reposted is empty.
 */
export async function firstRepostedOriginal(db: SocialDb): Promise<string | undefined> {
  const [row] = await db.all<{ id: string }>(
    `SELECT p.id FROM scoped p WHERE p.repost_of IS NULL
       AND EXISTS (SELECT 1 FROM scoped r WHERE r.repost_of = p.id)
     ORDER BY p.ts, p.id LIMIT 1`,
  );
  return row?.id;
}

/**
 * For the `top` most-reposted posts in scope (and any `ids` asked for, such as the seed), the
 * reposts within 1, 5 and 60 minutes of the original. Reposts are counted in scope; the original
 * is looked up among all posts, so a time filter never hides it.
 * @example await velocity(db, 10) // [{ id: 'x:1', within1m: 15, within5m: 87, … }]
 */
export async function velocity(db: SocialDb, top = 10, ids: string[] = []): Promise<Velocity[]> {
  const extra = ids.length ? `OR p.oid IN (${ids.map((i) => `'${i.replaceAll("'", "''")}'`).join(',')})` : '';
  const rows = await db.all<{
    id: string;
    account_id: string | null;
    handle: string | null;
    t0: number;
    seen: boolean;
    n: number;
    m1: number;
    m5: number;
    m60: number;
    text: string | null;
  }>(
    `WITH r AS (SELECT repost_of AS oid, ts FROM scoped WHERE repost_of IS NOT NULL),
     counts AS (SELECT oid, count(*) AS n, min(ts) AS first_rt FROM r GROUP BY oid),
     pick AS (SELECT * FROM (SELECT * FROM counts ORDER BY n DESC, oid LIMIT ${Math.max(0, top)}) UNION SELECT * FROM counts p WHERE FALSE ${extra}),
     sel AS (SELECT p.oid AS id, p.n, coalesce(po.ts, p.first_rt) AS t0, po.id IS NOT NULL AS seen, po.account_id, po.handle, po.text
             FROM pick p LEFT JOIN posts po ON po.id = p.oid)
     SELECT sel.id, any_value(sel.account_id) AS account_id, any_value(sel.handle) AS handle, any_value(sel.t0) AS t0,
       any_value(sel.seen) AS seen, any_value(sel.n) AS n, any_value(sel.text) AS text,
       count(*) FILTER (WHERE r.ts - sel.t0 BETWEEN 0 AND 60000) AS m1,
       count(*) FILTER (WHERE r.ts - sel.t0 BETWEEN 0 AND 300000) AS m5,
       count(*) FILTER (WHERE r.ts - sel.t0 BETWEEN 0 AND 3600000) AS m60
     FROM sel JOIN r ON r.oid = sel.id GROUP BY sel.id ORDER BY n DESC, sel.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id ?? '',
    handle: r.handle,
    time: iso(r.t0) ?? '',
    originalSeen: r.seen,
    reposts: r.n,
    within1m: r.m1,
    within5m: r.m5,
    within60m: r.m60,
    text: r.text ?? '',
  }));
}
