import { listValue } from '@duckdb/node-api';
import type { SocialDb } from '../social/db.js';
import { POST_COLS, type PostCols, type Tie, tie } from './match.js';
import { platformName } from './platforms.js';

/** A hashtag carried by at least this many posts tied to the dump is the campaign's hashtag. */
export const MIN_HASHTAG_POSTS = 2;

/**
 * A platform where no post showed, quoted or linked the dump may still have carried the campaign:
 * its first post with the hashtag most used by the tied posts (via `hashtag`, the weakest tie).
 */
export async function hashtagTies(db: SocialDb, ties: Tie[]): Promise<Tie[]> {
  const tied = [...new Set(ties.filter((t) => t.item !== null).map((t) => t.postId))];
  if (!tied.length) return [];
  await db.run('CREATE OR REPLACE TEMP TABLE trail_tied (id VARCHAR)');
  await db.run('INSERT INTO trail_tied SELECT unnest($1)', [listValue(tied)]);
  const [top] = await db.all<{ tag: string; n: number }>(
    `SELECT tag, count(*) AS n FROM (SELECT unnest(hashtags) AS tag FROM posts WHERE id IN (SELECT id FROM trail_tied))
     GROUP BY tag HAVING count(*) >= ${MIN_HASHTAG_POSTS} ORDER BY n DESC, tag LIMIT 1`,
  );
  if (!top) return [];
  const covered = [...new Set(ties.map((t) => t.platform))];
  const rows = await db.all<PostCols>(
    `SELECT ${POST_COLS} FROM posts p WHERE list_contains(p.hashtags, $1) AND NOT list_contains($2, p.platform)
     QUALIFY row_number() OVER (PARTITION BY p.platform ORDER BY p.ts, p.id) = 1`,
    [top.tag, listValue(covered)],
  );
  return rows.map((r) =>
    tie(r, null, {
      via: 'hashtag',
      kind: 'hashtag',
      detail: `${platformName(r.platform)} post ${r.post_id} carries #${top.tag}, the hashtag of ${top.n} posts tied to the dump (no file, quote or link of the dump seen on ${platformName(r.platform)})`,
      value: `#${top.tag}`,
    }),
  );
}
