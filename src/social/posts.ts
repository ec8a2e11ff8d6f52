import { SocialDb, sqlString } from './db.js';
import { createScope, iso, parseTime, scopeWhere } from './scope.js';
import { activity } from './signals/activity.js';
import { botScores } from './signals/bots.js';
import type { PostFilter } from './types.js';

export interface ListPostsOptions extends PostFilter {
  /** Account id (`x:123`) or handle (with or without @). */
  account?: string;
  repostOf?: string;
  ids?: string[];
  /** Posts by any of these account ids (a group, a community). */
  accounts?: string[];
  /** Only reposts. */
  reposts?: boolean;
  /** Reposts of any post by this account (id or handle): the reposts it received. */
  repostOfAccount?: string;
  /** Original posts (not reposts) mentioning this handle, as the amplifiers signal counts them. */
  mention?: string;
  /** Posts in this language (ISO 639-1, as in the languages table). */
  lang?: string;
  /** Posts by accounts placed in this country (profile location, else their posts' place). */
  country?: string;
  /** Posts by the accounts the calibrated bot score puts in the "bot-like" band, over all posts. */
  botLike?: boolean;
  limit?: number;
}

/** The SQL condition naming one account by id or handle. */
const accountIs = (col: string, handleCol: string, v: string) => {
  const a = v.replace(/^@/, '');
  return `(${col} = ${sqlString(a)} OR lower(${handleCol}) = ${sqlString(a.toLowerCase())})`;
};

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
  const db = await SocialDb.open(caseDir, { create: false });
  try {
    return await listPostsOn(db, opts);
  } finally {
    db.close();
  }
}

/** `listPosts` on an open posts database (a team server's read-only one, campaign-reader.ts). */
export async function listPostsOn(
  db: SocialDb,
  opts: ListPostsOptions = {},
): Promise<{ total: number; posts: PostRow[] }> {
  parseTime(opts.from);
  parseTime(opts.to);
  const c = [scopeWhere(opts)];
  if (opts.account) c.push(accountIs('account_id', 'handle', opts.account));
  if (opts.repostOf) c.push(`repost_of = ${sqlString(opts.repostOf)}`);
  if (opts.ids?.length) c.push(`id IN (${opts.ids.map(sqlString).join(',')})`);
  if (opts.accounts?.length) c.push(`account_id IN (${opts.accounts.map(sqlString).join(',')})`);
  if (opts.reposts) c.push('repost_of IS NOT NULL');
  if (opts.repostOfAccount)
    c.push(
      `repost_of IN (SELECT id FROM posts WHERE ${accountIs('account_id', 'handle', opts.repostOfAccount)})`,
    );
  if (opts.mention)
    c.push(
      `repost_of IS NULL AND list_contains(mentions, ${sqlString(opts.mention.replace(/^@/, '').toLowerCase())})`,
    );
  if (opts.lang) c.push(`lang = ${sqlString(opts.lang)}`);
  // The account's country as the countries signal places it (signals/countries.ts).
  if (opts.country)
    c.push(`account_id IN (SELECT acc FROM (SELECT p.account_id AS acc,
      coalesce((SELECT any_value(a.country) FROM accounts a WHERE a.id = p.account_id), mode(p.country)) AS c
      FROM posts p GROUP BY 1) WHERE c = ${sqlString(opts.country)})`);
  if (opts.botLike) {
    // Scored as the analysis scores them, over every post (signals/bots.ts reads `activity`).
    await createScope(db, {});
    await activity(db, {});
    const scores = await botScores(db, Number.POSITIVE_INFINITY);
    const ids = scores.accounts.filter((x) => x.band === 'bot-like').map((x) => sqlString(x.accountId));
    c.push(ids.length ? `account_id IN (${ids.join(', ')})` : 'FALSE');
  }
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
}
