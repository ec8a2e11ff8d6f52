import { SocialDb, sqlString } from './db.js';
import { iso, parseTime, scopeWhere } from './scope.js';
import type { PostFilter } from './types.js';

export interface ListPostsOptions extends PostFilter {
  /** Account id (`x:123`) or handle (with or without @). */
  account?: string;
  repostOf?: string;
  ids?: string[];
  limit?: number;
}

export interface PostRow {
  id: string;
  time: string;
  accountId: string;
  handle: string | null;
  text: string;
  lang: string | null;
  repostOf: string | null;
  replyTo: string | null;
  quoteOf: string | null;
  hashtags: string[];
  urls: string[];
  source: string;
}

/**
 * The posts behind a figure: by account, time range, repost-of, ids, hashtag or URL, oldest first.
 * @example await listPosts('./leaklens-case', { account: '@acct', from: '2017-05-05T18:00Z', to: '2017-05-05T20:00Z' })
 */
export async function listPosts(
  caseDir: string,
  opts: ListPostsOptions = {},
): Promise<{ total: number; posts: PostRow[] }> {
  parseTime(opts.from);
  parseTime(opts.to);
  const c = [scopeWhere(opts)];
  if (opts.account) {
    const a = opts.account.replace(/^@/, '');
    c.push(`(account_id = ${sqlString(a)} OR lower(handle) = ${sqlString(a.toLowerCase())})`);
  }
  if (opts.repostOf) c.push(`repost_of = ${sqlString(opts.repostOf)}`);
  if (opts.ids?.length) c.push(`id IN (${opts.ids.map(sqlString).join(',')})`);
  const db = await SocialDb.open(caseDir, { create: false });
  try {
    const where = c.join(' AND ');
    const [t] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM posts WHERE ${where}`);
    const rows = await db.all<Record<string, unknown>>(
      `SELECT * FROM posts WHERE ${where} ORDER BY ts, id LIMIT ${Math.max(1, Math.min(opts.limit ?? 100, 100000))}`,
    );
    return {
      total: t?.n ?? 0,
      posts: rows.map((r) => ({
        id: String(r.id),
        time: iso(Number(r.ts)) ?? '',
        accountId: String(r.account_id),
        handle: (r.handle as string) ?? null,
        text: String(r.text ?? ''),
        lang: (r.lang as string) ?? null,
        repostOf: (r.repost_of as string) ?? null,
        replyTo: (r.reply_to as string) ?? null,
        quoteOf: (r.quote_of as string) ?? null,
        hashtags: (r.hashtags as string[]) ?? [],
        urls: (r.urls as string[]) ?? [],
        source: String(r.source ?? ''),
      })),
    };
  } finally {
    db.close();
  }
}
