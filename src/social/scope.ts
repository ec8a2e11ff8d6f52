import { UserError } from '../core/errors.js';
import type { SocialDb } from './db.js';
import { sqlString } from './db.js';
import type { PostFilter } from './types.js';

/** Parses an ISO time, a date, or epoch milliseconds; throws on anything else (a user error). */
export function parseTime(v: string | number | undefined): number | null {
  if (v === undefined || v === '') return null;
  if (typeof v === 'number') return v;
  const s = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(t))
    throw new UserError(`cannot read time "${v}" (use ISO 8601, e.g. 2017-05-05T18:00Z)`);
  return t;
}

/** The SQL condition selecting the posts of a filter (hashtag without '#', case-insensitive). */
export function scopeWhere(f: PostFilter = {}): string {
  const c: string[] = ['TRUE'];
  if (f.hashtag) c.push(`list_contains(hashtags, ${sqlString(f.hashtag.replace(/^#/, '').toLowerCase())})`);
  if (f.url) c.push(`len(list_filter(urls, u -> starts_with(u, ${sqlString(f.url)}))) > 0`);
  if (f.keyword) c.push(`contains(lower(text), ${sqlString(f.keyword.toLowerCase())})`);
  const from = parseTime(f.from);
  const to = parseTime(f.to);
  if (from !== null) c.push(`ts >= ${from}`);
  if (to !== null) c.push(`ts <= ${to}`);
  return c.join(' AND ');
}

/**
 * The posts in scope as `scoped`, which every signal reads: a temp table when the filter leaves
 * some posts out (the signals scan it a dozen times), a view of `posts` when it keeps them all
 * (copying 17 million posts would cost seconds and gigabytes for nothing).
 */
export async function createScope(db: SocialDb, f: PostFilter = {}): Promise<void> {
  const where = scopeWhere(f);
  const [old] = await db.all<{ t: string }>(
    `SELECT 'TABLE' AS t FROM duckdb_tables() WHERE temporary AND table_name = 'scoped'
     UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE temporary AND view_name = 'scoped'`,
  );
  if (old) await db.run(`DROP ${old.t} scoped`);
  const [c] =
    where === 'TRUE'
      ? [{ left: 0 }]
      : await db.all<{ left: number }>(
          `SELECT count(*) FILTER (WHERE NOT coalesce(${where}, FALSE)) AS left FROM posts`,
        );
  await db.run(
    c?.left === 0
      ? 'CREATE TEMP VIEW scoped AS SELECT * FROM posts'
      : `CREATE TEMP TABLE scoped AS SELECT * FROM posts WHERE ${where}`,
  );
}

export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
