import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SocialDb } from './db.js';
import { sqlString } from './db.js';
import { resolveIdentities } from './identity.js';
import type { Account, ImportFailure, Post } from './types.js';

const POST_COLUMNS = `{id:'VARCHAR', platform:'VARCHAR', account_id:'VARCHAR', handle:'VARCHAR', ts:'BIGINT',
  text:'VARCHAR', lang:'VARCHAR', lang_source:'VARCHAR', repost_of:'VARCHAR', reply_to:'VARCHAR',
  quote_of:'VARCHAR', hashtags:'VARCHAR[]', mentions:'VARCHAR[]', urls:'VARCHAR[]', country:'VARCHAR', source:'VARCHAR'}`;
const ACCOUNT_COLUMNS = `{id:'VARCHAR', platform:'VARCHAR', handle:'VARCHAR', name:'VARCHAR', created:'BIGINT',
  followers:'BIGINT', friends:'BIGINT', statuses:'BIGINT', location:'VARCHAR', description:'VARCHAR',
  default_profile:'BOOLEAN', default_image:'BOOLEAN', verified:'BOOLEAN', country:'VARCHAR', country_source:'VARCHAR'}`;

export interface CommitOptions {
  lossyIds?: boolean;
  file?: string;
  /**
   * Rows staged elsewhere (the bulk CSV path): SELECTs giving posts and accounts columns by name,
   * loaded with the staged rows. They are part of the CREATE of sp/sa: DuckDB 1.5.6 loses rows
   * inserted into a temporary table created from read_json earlier in the same transaction
   * (an INSERT of 500,000 rows reported its count and left the table empty).
   */
  more?: {
    posts: string;
    accounts: string;
    shares?: string;
    media?: string;
    afterStaging?: string;
    /**
     * The table `posts` reads (the bulk CSV path's `bulk_rows`, whose post columns carry the
     * posts' names): `posts` is then read where it lies, through a view, instead of being copied
     * into `sp` first, and identity checks update that table in place. On the 2.5-million-row IRA
     * file the copy took a quarter of the import's CPU and held the posts twice in memory, which
     * made DuckDB spill under its memory limit.
     */
    postsTable?: string;
  };
}
export const MEDIA_COLUMNS = `{post_id:'VARCHAR', platform:'VARCHAR', ts:'BIGINT', kind:'VARCHAR', name:'VARCHAR',
  md5:'VARCHAR', sha256:'VARCHAR', size:'BIGINT', url:'VARCHAR', path:'VARCHAR', cid:'VARCHAR', mime:'VARCHAR', dhash:'VARCHAR'}`;

/** A lone UTF-16 surrogate as JSON.stringify writes it (an escape; a whole pair is written as is). */
const LONE_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * One staged row as a JSON line. A string holding half of a surrogate pair (a text cut between
 * the two halves of an emoji, common in truncated tweets, and valid JSON as `"\ud83d"`) has it
 * replaced by U+FFFD: DuckDB's reader refuses the escape ("no low surrogate in string"), which
 * stopped the whole import with an unexpected error.
 */
function jsonLine(row: object): string {
  const s = JSON.stringify(row);
  if (!LONE_SURROGATE.test(s)) return s;
  return JSON.stringify(row, (_k, v) => (typeof v === 'string' ? v.replace(LONE, '\ufffd') : v));
}

/**
 * Stages normalised rows as JSON lines in a temp directory, then loads them with one
 * `INSERT … SELECT FROM read_json(…)` per table: DuckDB parses in parallel, and a row-by-row
 * insert of 17 million posts would take hours.
 */
export class StagedLoad {
  private readonly dir = mkdtempSync(join(tmpdir(), 'leaklens-social-'));
  private readonly posts: WriteStream;
  private readonly accounts: WriteStream;
  private readonly shares: WriteStream;
  private readonly media: WriteStream;
  postsWritten = 0;

  constructor() {
    this.posts = createWriteStream(join(this.dir, 'posts.jsonl'));
    this.accounts = createWriteStream(join(this.dir, 'accounts.jsonl'));
    this.shares = createWriteStream(join(this.dir, 'shares.jsonl'));
    this.media = createWriteStream(join(this.dir, 'media.jsonl'));
  }

  /** Writes with back-pressure so a huge file never sits in memory twice. */
  async addPosts(
    posts: Post[],
    langOf: (p: Post) => { lang: string | null; source: string | null },
  ): Promise<void> {
    if (!posts.length) return;
    const lines = posts.map((p) => {
      const l = langOf(p);
      return jsonLine({
        id: p.id,
        platform: p.platform,
        account_id: p.accountId,
        handle: p.handle,
        ts: p.time,
        text: p.text,
        lang: l.lang,
        lang_source: l.source,
        repost_of: p.repostOf,
        reply_to: p.replyTo,
        quote_of: p.quoteOf,
        hashtags: p.hashtags,
        mentions: p.mentions,
        urls: p.urls,
        country: p.country,
        source: p.source,
      });
    });
    this.postsWritten += posts.length;
    await write(this.posts, `${lines.join('\n')}\n`);
    const shares = posts.flatMap((p) =>
      (p.objects ?? []).map((o) => jsonLine({ o, a: p.accountId, c: p.id, ts: p.time })),
    );
    if (shares.length) await write(this.shares, `${shares.join('\n')}\n`);
    const media = posts.flatMap((p) =>
      (p.media ?? []).map((m) => jsonLine({ post_id: p.id, platform: p.platform, ts: p.time, ...m })),
    );
    if (media.length) await write(this.media, `${media.join('\n')}\n`);
  }

  async addAccounts(
    accounts: Account[],
    countryOf: (a: Account) => { code: string | null; source: string | null },
  ): Promise<void> {
    if (!accounts.length) return;
    const lines = accounts.map((a) => {
      const c = countryOf(a);
      return jsonLine({
        id: a.id,
        platform: a.platform,
        handle: a.handle,
        name: a.name,
        created: a.created,
        followers: a.followers,
        friends: a.friends,
        statuses: a.statuses,
        location: a.location,
        description: a.description,
        default_profile: a.defaultProfile,
        default_image: a.defaultImage,
        verified: a.verified,
        country: c.code,
        country_source: c.source,
      });
    });
    await write(this.accounts, `${lines.join('\n')}\n`);
  }

  /**
   * Loads what was staged; returns how many posts and accounts were new, and the identity warnings
   * (`lossyIds`: the source's ids may have been rounded by a spreadsheet, see identity.ts).
   * Removes the staging files.
   */
  async commit(
    db: SocialDb,
    failures: ImportFailure[],
    opts: CommitOptions = {},
  ): Promise<{ posts: number; accounts: number; warnings: ImportFailure[] }> {
    await Promise.all([end(this.posts), end(this.accounts), end(this.shares), end(this.media)]);
    try {
      const before = await counts(db);
      const pf = sqlString(join(this.dir, 'posts.jsonl'));
      const af = sqlString(join(this.dir, 'accounts.jsonl'));
      const sf = sqlString(join(this.dir, 'shares.jsonl'));
      const mf = sqlString(join(this.dir, 'media.jsonl'));
      await db.run('BEGIN TRANSACTION');
      // Identity checks rewrite the staged rows, so those are materialised; other formats read the
      // staging files straight into the tables (a view), as fast as before.
      const kind = opts.lossyIds || opts.more ? 'TABLE' : 'VIEW';
      const more = (sql: string | undefined) => (sql ? ` UNION ALL BY NAME ${sql}` : '');
      const inPlace = opts.more?.postsTable;
      const readPosts = `SELECT * FROM read_json(${pf}, format='newline_delimited', columns=${POST_COLUMNS})`;
      if (inPlace) {
        // sp is a view over the staged rows (sp_staged) and the table's; identities are read
        // through sp_keys (the key columns only: no line numbers computed for them).
        const keys = 'id, platform, account_id, handle';
        await db.run(`CREATE OR REPLACE TEMP TABLE sp_staged AS ${readPosts}`);
        await db.run(`CREATE OR REPLACE TEMP VIEW sp AS SELECT * FROM sp_staged${more(opts.more?.posts)}`);
        await db.run(
          `CREATE OR REPLACE TEMP VIEW sp_keys AS SELECT ${keys} FROM sp_staged UNION ALL SELECT ${keys} FROM ${inPlace}`,
        );
      } else await db.run(`CREATE OR REPLACE TEMP ${kind} sp AS ${readPosts}${more(opts.more?.posts)}`);
      await db.run(
        `CREATE OR REPLACE TEMP ${kind} sa AS SELECT * FROM read_json(${af}, format='newline_delimited', columns=${ACCOUNT_COLUMNS})${more(opts.more?.accounts)}`,
      );
      await db.run(
        `CREATE OR REPLACE TEMP ${kind} ss AS SELECT * FROM read_json(${sf}, format='newline_delimited', columns={o:'VARCHAR', a:'VARCHAR', c:'VARCHAR', ts:'BIGINT'})${more(opts.more?.shares)}`,
      );
      const mediaKind = opts.more?.media ? 'TABLE' : 'VIEW';
      await db.run(
        `CREATE OR REPLACE TEMP ${mediaKind} sm AS SELECT * FROM read_json(${mf}, format='newline_delimited', columns=${MEDIA_COLUMNS})${more(opts.more?.media)}`,
      );
      // The source of the rows staged elsewhere can go now (it would double the memory held).
      if (opts.more?.afterStaging) await db.run(opts.more.afterStaging);
      const staged = inPlace ? { read: 'sp_keys', update: ['sp_staged', inPlace] } : undefined;
      const warnings = opts.lossyIds ? await resolveIdentities(db, opts.file ?? '', staged) : [];
      await insertPosts(db, 'sp', staged?.read);
      await insertAccounts(db, 'sa');
      // Object ids are kept as the source wrote them, prefixed like post ids, so loops compare.
      await db.run(`INSERT INTO shares SELECT DISTINCT s.* FROM (SELECT split_part(c, ':', 1) || ':' || o AS object_id, a AS account_id, c AS content_id, ts
        FROM ss) s
        ANTI JOIN shares x ON s.object_id = x.object_id AND s.content_id = x.content_id`);
      // A post's media come with it: a post already stored keeps the media it came with.
      await db.run(`INSERT INTO media SELECT DISTINCT m.* FROM sm m
        ANTI JOIN (SELECT DISTINCT post_id FROM media) x ON m.post_id = x.post_id`);
      // Some sources (Bluesky) name the author only in separate identity events.
      await db.run(`UPDATE posts SET handle = a.handle FROM accounts a
        WHERE posts.handle IS NULL AND posts.platform = 'bluesky' AND a.id = posts.account_id AND a.handle IS NOT NULL`);
      await insertFailures(db, [...failures, ...warnings]);
      await db.run(inPlace ? 'DROP VIEW sp; DROP VIEW sp_keys; DROP TABLE sp_staged' : `DROP ${kind} sp`);
      await db.run(`DROP ${kind} sa; DROP ${kind} ss; DROP ${mediaKind} sm`);
      await db.run('COMMIT');
      const after = await counts(db);
      return { posts: after.posts - before.posts, accounts: after.accounts - before.accounts, warnings };
    } catch (err) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  discard(): void {
    this.posts.destroy();
    this.accounts.destroy();
    this.shares.destroy();
    this.media.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Adds new posts from a relation with the `posts` columns; a post seen twice keeps its fullest
 * copy. `ids`: a relation with the same rows' ids, cheaper to read than `rel` when it is a view.
 */
export async function insertPosts(db: SocialDb, rel: string, ids = rel): Promise<void> {
  // An original embedded in many retweets appears many times: keep the copy with the longest text and
  // the most fields (an embedded copy lacks the place), then the first source.
  // Only the ids seen more than once are ranked: sorting every row by id took most of a
  // 2.5-million-row import, and most ids occur once.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE dup_ids AS SELECT id FROM ${ids} GROUP BY id HAVING count(*) > 1`,
  );
  const [dup] = await db.all<{ n: number }>('SELECT count(*) AS n FROM dup_ids');
  if (!dup?.n) {
    // No id twice (an IRA file): one pass, not two over `rel`.
    await db.run(`INSERT INTO posts SELECT s.* FROM ${rel} s ANTI JOIN posts p ON s.id = p.id`);
    await db.run('DROP TABLE dup_ids');
    return;
  }
  await db.run(`INSERT INTO posts SELECT s.* FROM (SELECT * FROM ${rel} ANTI JOIN dup_ids d USING (id)
    UNION ALL SELECT * FROM (SELECT * FROM ${rel} SEMI JOIN dup_ids d USING (id)
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY ts, length(text) DESC, (country IS NOT NULL) DESC,
      (reply_to IS NOT NULL) DESC, (quote_of IS NOT NULL) DESC, source) = 1)) s ANTI JOIN posts p ON s.id = p.id`);
  await db.run('DROP TABLE dup_ids');
}

/** The order of an account's snapshots, best first (insertAccounts keeps the first). */
export const ACCOUNT_RANK = `(followers IS NOT NULL) DESC, (handle IS NOT NULL) DESC, created DESC NULLS LAST,
  statuses DESC NULLS LAST, followers DESC NULLS LAST, friends DESC NULLS LAST, location NULLS LAST, handle NULLS LAST, name NULLS LAST`;

/**
 * ACCOUNT_RANK as one ascending key over columns named `prefix` + name, for `arg_min`: the first
 * snapshot by ACCOUNT_RANK has the least key. Every NULL is turned into a flag before the value
 * (a struct's NULL fields would not sort as NULLS LAST), and DESC into a negated number.
 */
export function accountRankKey(prefix = ''): string {
  const c = (name: string) => `${prefix}${name}`;
  const desc = (name: string) => `${c(name)} IS NULL, -coalesce(${c(name)}, 0)`;
  const asc = (name: string) => `${c(name)} IS NULL, coalesce(${c(name)}, '')`;
  const parts = [
    `${c('followers')} IS NULL`,
    `${c('handle')} IS NULL`,
    desc('created'),
    desc('statuses'),
    desc('followers'),
    desc('friends'),
    asc('location'),
    asc('handle'),
    asc('name'),
  ];
  return `row(${parts.join(', ')})`;
}

/**
 * Adds new accounts; of several snapshots in one file, the most complete profile wins, and of
 * equally complete ones the latest (most statuses: the count only grows), so the choice does not
 * depend on the order rows reach DuckDB (the bulk and the tolerant paths pick the same one).
 */
export async function insertAccounts(db: SocialDb, rel: string): Promise<void> {
  await db.run(`INSERT INTO accounts SELECT s.* FROM (SELECT * FROM ${rel}
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY ${ACCOUNT_RANK}) = 1) s
    ANTI JOIN accounts a ON s.id = a.id`);
}

async function insertFailures(db: SocialDb, failures: ImportFailure[]): Promise<void> {
  for (const f of failures) {
    await db.run(
      'INSERT INTO import_failures SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM import_failures WHERE file = $1 AND line = $2 AND reason = $3)',
      [f.file, f.line, f.reason, f.message],
    );
  }
}

async function counts(db: SocialDb): Promise<{ posts: number; accounts: number }> {
  const [r] = await db.all<{ p: number; a: number }>(
    'SELECT (SELECT count(*) FROM posts) AS p, (SELECT count(*) FROM accounts) AS a',
  );
  return { posts: r?.p ?? 0, accounts: r?.a ?? 0 };
}

/**
 * Waits for 'drain' when the stream's buffer is full. The 'error' listener is removed again on
 * drain: left attached, one accumulated per full buffer, and from the eleventh on Node printed
 * "MaxListenersExceededWarning: Possible EventEmitter memory leak" on every large import.
 */
export function write(s: WriteStream, chunk: string): Promise<void> {
  return new Promise((res, rej) => {
    if (s.write(chunk)) return res();
    const onError = (err: Error) => {
      s.off('drain', onDrain);
      rej(err);
    };
    const onDrain = () => {
      s.off('error', onError);
      res();
    };
    s.once('drain', onDrain).once('error', onError);
  });
}

function end(s: WriteStream): Promise<void> {
  return new Promise((res, rej) => s.end(() => res()).once('error', rej));
}
