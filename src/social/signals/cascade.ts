import type { SocialDb } from '../db.js';
import { iso } from '../scope.js';

/** Minutes of a repost cascade drawn: Hoaxy-style pictures of a seed show its first hour. */
export const CASCADE_MINUTES = 60;

export interface Cascade {
  postId: string;
  handle: string | null;
  /** Time of the original (of its first repost when the original was not imported). */
  time: string;
  minutes: number;
  /** Cumulative reposts by second after the original: one point per second in which reposts came. */
  points: { s: number; n: number }[];
  within1m: number;
  within5m: number;
  total: number;
}

/**
 * The repost cascade of one post over its first `minutes`: cumulative reposts against seconds
 * after the original, the way Hoaxy draws a claim's spread, so a burst of 87 reposts in five
 * minutes shows as a wall rather than a number. Null when the post was never reposted.
 * @example await cascade(db, 'x:860567016698806272') // { within5m: 87, points: [{ s: 4, n: 1 }, …] }
 */
export async function cascade(
  db: SocialDb,
  postId: string,
  minutes = CASCADE_MINUTES,
): Promise<Cascade | null> {
  const id = postId.replaceAll("'", "''");
  const [o] = await db.all<{ ts: number | null; handle: string | null; first: number | null; total: number }>(
    `SELECT (SELECT ts FROM posts WHERE id = '${id}') AS ts, (SELECT handle FROM posts WHERE id = '${id}') AS handle,
            min(ts) AS first, count(*) AS total FROM scoped WHERE repost_of = '${id}'`,
  );
  if (!o?.total) return null;
  const t0 = Number(o.ts ?? o.first);
  const rows = await db.all<{ s: number; n: number }>(
    `SELECT (ts - ${t0}) // 1000 AS s, count(*) AS n FROM scoped
      WHERE repost_of = '${id}' AND ts >= ${t0} AND ts - ${t0} <= ${minutes * 60_000} GROUP BY 1 ORDER BY 1`,
  );
  const points: { s: number; n: number }[] = [];
  let n = 0;
  for (const r of rows) {
    n += Number(r.n);
    points.push({ s: Number(r.s), n });
  }
  const upTo = (sec: number) => points.filter((p) => p.s <= sec).at(-1)?.n ?? 0;
  return {
    postId,
    handle: o.handle,
    time: iso(t0) ?? '',
    minutes,
    points,
    within1m: upTo(60),
    within5m: upTo(300),
    total: Number(o.total),
  };
}
