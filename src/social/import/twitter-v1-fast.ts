import type { SocialDb } from '../db.js';
import { sqlString } from '../db.js';
import { insertAccounts } from '../db-load.js';
import { countryOf } from '../signals/country.js';

/**
 * Bulk path for large X v1.1 JSON-lines files: DuckDB's `read_json` parses the file in parallel
 * into typed structs and SQL does what twitter-v1.ts does per tweet (same ids, text choice,
 * entities, originals embedded in retweets and quotes). It is all or nothing: if any line is not
 * valid JSON, has an unexpected type, or lacks an id, user or readable time, it returns null and
 * the caller re-reads the file with the tolerant JavaScript importer, which records each bad
 * line. Limits: an original embedded two levels deep (a quote inside a retweet) is not added, and
 * `source` names the file only (numbering lines would serialise the parallel read); the post id
 * finds the line.
 */
const ENT =
  'STRUCT(hashtags STRUCT("text" VARCHAR)[], user_mentions STRUCT(screen_name VARCHAR)[], urls STRUCT(url VARCHAR, expanded_url VARCHAR)[], media STRUCT(url VARCHAR, expanded_url VARCHAR)[])';
const USER = `STRUCT(id_str VARCHAR, id VARCHAR, screen_name VARCHAR, "name" VARCHAR, created_at VARCHAR, followers_count BIGINT,
  friends_count BIGINT, statuses_count BIGINT, "location" VARCHAR, description VARCHAR, default_profile BOOLEAN,
  default_profile_image BOOLEAN, verified BOOLEAN, profile_image_url_https VARCHAR, profile_image_url VARCHAR)`;
/** A tweet's fields, with the user's as given (the whole profile, or only what a step needs). */
const core = (
  user: string,
) => `id_str VARCHAR, id VARCHAR, created_at VARCHAR, timestamp_ms VARCHAR, "text" VARCHAR, full_text VARCHAR,
  extended_tweet STRUCT(full_text VARCHAR, entities ${ENT}), entities ${ENT}, lang VARCHAR, "user" ${user},
  quoted_status_id_str VARCHAR, in_reply_to_status_id_str VARCHAR, place STRUCT(country_code VARCHAR)`;
const MEDIA = 'STRUCT("type" VARCHAR, media_url_https VARCHAR, media_url VARCHAR)[]';
/** The media lists of a tweet (twitter-v1.ts xMediaV1 reads the same four places). */
const MEDIA_FIELDS = `extended_entities STRUCT(media ${MEDIA}), entities STRUCT(media ${MEDIA}), extended_tweet STRUCT(extended_entities STRUCT(media ${MEDIA}), entities STRUCT(media ${MEDIA}))`;
const ID_USER = 'STRUCT(id_str VARCHAR, id VARCHAR, screen_name VARCHAR)';
const SKIP = '"delete" JSON, "limit" JSON';
/**
 * What each step reads: DuckDB builds only the columns named, so a step that needs the users
 * does not build every text and entity list. Together the steps read every field the tolerant
 * importer reads (the users' in full, the tweets' in full), so a field of the wrong type fails
 * some step and the file goes to the tolerant importer.
 */
const READS = {
  check: `id_str VARCHAR, id VARCHAR, created_at VARCHAR, timestamp_ms VARCHAR, "user" STRUCT(id_str VARCHAR, id VARCHAR), ${SKIP}`,
  users: `"user" ${USER}, retweeted_status STRUCT("user" ${USER}), quoted_status STRUCT("user" ${USER}), ${SKIP}`,
  embedded: `retweeted_status STRUCT(${core(ID_USER)}), quoted_status STRUCT(${core(ID_USER)}), ${SKIP}`,
  media: `id_str VARCHAR, id VARCHAR, created_at VARCHAR, timestamp_ms VARCHAR, ${MEDIA_FIELDS}, retweeted_status STRUCT(${MEDIA_FIELDS}), ${SKIP}`,
  posts: `${core(ID_USER)}, retweeted_status STRUCT(${core(ID_USER)}), quoted_status STRUCT(${core(ID_USER)}), ${SKIP}`,
};
/** `{'name': 'TYPE', …}` for read_json, from "name TYPE, …" (splitting only at top-level commas). */
function columnsParam(spec: string): string {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of spec) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  parts.push(cur.trim());
  return `{${parts
    .map((p) => {
      const m = /^("?)(\w+)\1\s+([\s\S]+)$/.exec(p);
      return `'${m?.[2]}': '${m?.[3]?.replace(/\s+/g, ' ').replaceAll("'", "''")}'`;
    })
    .join(', ')}}`;
}

const time = (t: string) =>
  `coalesce(epoch_ms(try_strptime(${t}.created_at, '%a %b %d %H:%M:%S %z %Y')), epoch_ms(try_cast(${t}.created_at AS TIMESTAMPTZ)), try_cast(${t}.timestamp_ms AS BIGINT))`;
const lang = (t: string) =>
  `CASE WHEN ${t}.lang IS NULL OR ${t}.lang IN ('und', 'zxx', 'qme', 'qht', 'qam') THEN NULL WHEN ${t}.lang = 'in' THEN 'id' WHEN ${t}.lang = 'iw' THEN 'he'
   ELSE lower(split_part(split_part(${t}.lang, '-', 1), '_', 1)) END`;
const HASHTAG_RE = "'(?:^|[^\\p{L}\\p{N}_&])[#＃]([\\p{L}\\p{N}_]+)'";
const MENTION_RE = "'(?:^|[^\\p{L}\\p{N}_])@([A-Za-z0-9_]{1,30})'";

/**
 * SELECT producing `posts` rows for tweet struct `t`; a retweet's text and entities come from its
 * original `rt`, as in twitter-v1.ts.
 */
function postSelect(t: string, rt: string | null, qt: string | null, file: string): string {
  const b = (f: string) =>
    rt ? `CASE WHEN ${rt} IS NOT NULL THEN ${rt}.${f} ELSE ${t}.${f} END` : `${t}.${f}`;
  const text = `coalesce(${b('full_text')}, ${b('extended_tweet.full_text')}, ${b('"text"')}, '')`;
  const ents = `coalesce(${b('extended_tweet.entities')}, ${b('entities')})`;
  const tags = `list_transform(${ents}.hashtags, h -> lower(h."text"))`;
  const ments = `list_transform(${ents}.user_mentions, m -> lower(m.screen_name))`;
  // Photo and video links come from the media entities, expanded, as in twitter-v1.ts.
  const urls = `list_concat(list_transform(${ents}.urls, u -> coalesce(u.expanded_url, u.url)), list_transform(coalesce(${ents}.media, []), u -> coalesce(u.expanded_url, u.url)))`;
  const rtUser = rt ? `CASE WHEN ${rt} IS NOT NULL THEN [lower(${rt}."user".screen_name)] ELSE [] END` : '[]';
  return `SELECT 'x:' || coalesce(${t}.id_str, ${t}.id) AS id, 'x' AS platform, 'x:' || coalesce(${t}."user".id_str, ${t}."user".id) AS account_id,
    ${t}."user".screen_name AS handle, ${time(t)} AS ts, ${text} AS "text", ${lang(t)} AS lang,
    CASE WHEN ${lang(t)} IS NOT NULL THEN 'source' END AS lang_source,
    ${rt ? `CASE WHEN ${rt} IS NOT NULL THEN 'x:' || coalesce(${rt}.id_str, ${rt}.id) END` : 'NULL'} AS repost_of,
    'x:' || ${t}.in_reply_to_status_id_str AS reply_to,
    'x:' || coalesce(${t}.quoted_status_id_str${qt ? `, ${qt}.id_str` : ''}) AS quote_of,
    list_distinct(CASE WHEN len(${tags}) > 0 THEN ${tags} ELSE list_transform(regexp_extract_all(${text}, ${HASHTAG_RE}, 1), x -> lower(x)) END) AS hashtags,
    list_distinct(list_concat(${rtUser}, CASE WHEN len(${ments}) > 0 THEN ${ments} ELSE list_transform(regexp_extract_all(${text}, ${MENTION_RE}, 1), x -> lower(x)) END)) AS mentions,
    list_distinct(CASE WHEN len(${urls}) > 0 THEN ${urls} ELSE list_filter(regexp_extract_all(${text}, 'https?://[^\\s<>"'']+'), u -> NOT ends_with(u, '…')) END) AS urls,
    nullif(upper(${t}.place.country_code), '') AS country, ${sqlString(file)} AS source`;
}

function accountSelect(t: string): string {
  return `SELECT 'x:' || coalesce(${t}."user".id_str, ${t}."user".id) AS id, 'x' AS platform, ${t}."user".screen_name AS handle, ${t}."user"."name" AS "name",
    epoch_ms(try_strptime(${t}."user".created_at, '%a %b %d %H:%M:%S %z %Y')) AS created, ${t}."user".followers_count AS followers,
    ${t}."user".friends_count AS friends, ${t}."user".statuses_count AS statuses, nullif(${t}."user"."location", '') AS "location",
    ${t}."user".description AS description, ${t}."user".default_profile AS default_profile, coalesce(${t}."user".default_profile_image, contains(coalesce(${t}."user".profile_image_url_https, ${t}."user".profile_image_url), 'default_profile')) AS default_image,
    ${t}."user".verified AS verified, NULL::VARCHAR AS country, NULL::VARCHAR AS country_source`;
}

/** Rows kept per post id when the same post is seen several times (db-load.ts's rule, as a key). */
const POST_RANK = `ORDER BY ts, length(text) DESC, (country IS NOT NULL) DESC, (reply_to IS NOT NULL) DESC, (quote_of IS NOT NULL) DESC, source`;

export interface FastLoadOptions {
  onProgress?: (posts: number) => void;
}

/**
 * Loads a clean X v1.1 JSON-lines file straight into DuckDB, in three streaming queries over
 * `read_json` (parsed in parallel, building only the fields a query uses), so memory stays
 * bounded whatever the file's size: the tweets into `posts`; the originals embedded in retweets
 * and quotes that are not tweets of the file (one copy per id, the longest text); the users (one
 * profile per id, the most complete), placed with the gazetteer. A tweet's own copy wins over
 * the copies embedded in others. Returns the number of tweets read, or null when the file needs
 * the tolerant importer (a line that is not JSON, a field of the wrong type, a tweet without id,
 * user or readable time); the caller then rolls back.
 * @example const n = await fastLoadV1(db, 'big.jsonl'); if (n === null) … // fall back
 */
export async function fastLoadV1(
  db: SocialDb,
  file: string,
  opts: FastLoadOptions = {},
): Promise<number | null> {
  const src = sqlString(file);
  const from = (
    spec: string,
  ) => `(SELECT * FROM read_json(${src}, format='newline_delimited', columns=${columnsParam(spec)},
    maximum_object_size=67108864) WHERE "delete" IS NULL AND "limit" IS NULL) fx`;
  // Any read error sends the whole file to the tolerant importer.
  const step = <T>(sql: string) =>
    db.all<T>(sql).then(
      (rows) => rows,
      () => null,
    );
  const [pre] = await db.all<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM posts LIMIT 1)');
  opts.onProgress?.(0);
  // 1. The tweets, streamed into posts; on a re-import, only those not there yet.
  const top = `${postSelect('fx', 'fx.retweeted_status', 'fx.quoted_status', file)} FROM ${from(READS.posts)}`;
  const ins = await step<{ Count: number }>(
    pre?.n
      ? `INSERT INTO posts SELECT s.* FROM (${top}) s ANTI JOIN posts p ON s.id = p.id`
      : `INSERT INTO posts ${top}`,
  );
  if (!ins) return null;
  // A tweet without id, user or readable time came in with a NULL; the same tweet twice keeps
  // its fullest copy (db-load.ts's rule).
  const [chk] = await db.all<{ bad: number; dup: number }>(
    `SELECT count(*) FILTER (WHERE id IS NULL OR account_id IS NULL OR ts IS NULL) AS bad, count(*) - count(DISTINCT id) AS dup
     FROM posts WHERE source = ${src}`,
  );
  if (!chk || chk.bad > 0) return null;
  if (chk.dup > 0)
    await db.run(`DELETE FROM posts WHERE rowid IN (SELECT r FROM (SELECT rowid AS r, row_number() OVER (PARTITION BY id ${POST_RANK}) AS k
      FROM posts WHERE id IN (SELECT id FROM posts WHERE source = ${src} GROUP BY id HAVING count(*) > 1)) WHERE k > 1)`);
  let total = ins[0]?.Count ?? 0;
  if (pre?.n) {
    const [c] = (await step<{ n: number }>(`SELECT count(*) AS n FROM ${from(READS.check)}`)) ?? [];
    total = c?.n ?? total;
  }
  opts.onProgress?.(total);
  // 2. Embedded originals that are not posts yet: their ids first (a cheap scan), then, if there
  // are any, one copy per id (the longest text).
  const kid = 'coalesce(k.id_str, k.id)';
  const missing = await step<{
    n: number;
  }>(`CREATE OR REPLACE TEMP TABLE emb_missing AS SELECT DISTINCT u.pid FROM
      (SELECT 'x:' || k AS pid FROM (SELECT unnest([coalesce(retweeted_status.id_str, retweeted_status.id),
        coalesce(quoted_status.id_str, quoted_status.id)]) AS k FROM ${from(READS.embedded)}) WHERE k IS NOT NULL) u
      ANTI JOIN posts p ON p.id = u.pid`);
  if (!missing) return null;
  const [m] = await db.all<{ n: number }>('SELECT count(*) AS n FROM emb_missing');
  if (m?.n) {
    const emb = `(SELECT arg_max(k, length(coalesce(k.full_text, k.extended_tweet.full_text, k."text", ''))) AS e
        FROM (SELECT 'x:' || ${kid} AS pid, k FROM (SELECT unnest([retweeted_status, quoted_status]) AS k FROM ${from(READS.embedded)})
          WHERE ${kid} IS NOT NULL AND ${time('k')} IS NOT NULL) u
        SEMI JOIN emb_missing m ON m.pid = u.pid GROUP BY u.pid) x`;
    if (!(await step(`INSERT INTO posts ${postSelect('x.e', null, null, file)} FROM ${emb}`))) return null;
  }
  await db.run('DROP TABLE emb_missing');
  // 3. The media of each tweet (a retweet shows its original's), as twitter-v1.ts keeps them.
  if (!(await step(insertMedia(from(READS.media))))) return null;
  // 4. One profile per user (the most complete), placed by its location string.
  const users = `SELECT {'user': arg_max(u, (u.followers_count IS NOT NULL)::INT * 2 + (u.screen_name IS NOT NULL)::INT)} AS e
    FROM (SELECT unnest(["user", retweeted_status."user", quoted_status."user"]) AS u FROM ${from(READS.users)})
    WHERE coalesce(u.id_str, u.id) IS NOT NULL GROUP BY coalesce(u.id_str, u.id)`;
  if (!(await step(`CREATE OR REPLACE TEMP TABLE acc_stage AS ${accountSelect('x.e')} FROM (${users}) x`)))
    return null;
  await placeAccounts(db, 'acc_stage');
  await insertAccounts(db, 'acc_stage');
  await db.run('DROP TABLE acc_stage');
  return total;
}

/** Media rows of the file's tweets; a tweet whose media are already stored adds none. */
function insertMedia(from: string): string {
  const b = (f: string) =>
    `CASE WHEN fx.retweeted_status IS NOT NULL THEN fx.retweeted_status.${f} ELSE fx.${f} END`;
  const pick = [
    'extended_tweet.extended_entities.media',
    'extended_entities.media',
    'extended_tweet.entities.media',
    'entities.media',
  ]
    .map((f) => `nullif(${b(f)}, [])`)
    .join(', ');
  const url = 'coalesce(m.media_url_https, m.media_url)';
  return `INSERT INTO media SELECT s.* FROM (
      SELECT post_id, 'x', ts, coalesce(m."type", 'photo'), regexp_extract(${url}, '[^/]+$'), NULL, NULL, NULL, ${url}, NULL, NULL, NULL, NULL
      FROM (SELECT 'x:' || coalesce(fx.id_str, fx.id) AS post_id, ${time('fx')} AS ts, unnest(coalesce(${pick})) AS m FROM ${from})
      WHERE regexp_matches(coalesce(${url}, ''), '^https?://')) s
    ANTI JOIN (SELECT DISTINCT post_id FROM media) x ON s.post_id = x.post_id`;
}

/**
 * Sets `country` from the gazetteer on a staging table of accounts, one lookup per distinct
 * location string, before the rows reach `accounts` (an UPDATE of a million stored rows would
 * take longer than the whole import).
 */
async function placeAccounts(db: SocialDb, table: string): Promise<void> {
  const locs = await db.all<{ location: string }>(
    `SELECT DISTINCT "location" FROM ${table} WHERE "location" IS NOT NULL AND country IS NULL`,
  );
  await db.run('CREATE OR REPLACE TEMP TABLE loc_country ("location" VARCHAR, code VARCHAR, src VARCHAR)');
  const app = await db.conn.createAppender('loc_country');
  for (const { location } of locs) {
    const c = countryOf(location);
    if (!c.code) continue;
    app.appendVarchar(location);
    app.appendVarchar(c.code);
    if (c.source === null) app.appendNull();
    else app.appendVarchar(c.source);
    app.endRow();
  }
  app.closeSync();
  await db.run(`UPDATE ${table} SET country = l.code, country_source = l.src FROM loc_country l
    WHERE ${table}."location" = l."location" AND ${table}.country IS NULL`);
  await db.run('DROP TABLE loc_country');
}
