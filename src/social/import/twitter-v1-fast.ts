import type { SocialDb } from '../db.js';
import { sqlString } from '../db.js';
import { insertAccounts, insertPosts } from '../db-load.js';

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
  'STRUCT(hashtags STRUCT("text" VARCHAR)[], user_mentions STRUCT(screen_name VARCHAR)[], urls STRUCT(url VARCHAR, expanded_url VARCHAR)[])';
const USER = `STRUCT(id_str VARCHAR, id VARCHAR, screen_name VARCHAR, "name" VARCHAR, created_at VARCHAR, followers_count BIGINT,
  friends_count BIGINT, statuses_count BIGINT, "location" VARCHAR, description VARCHAR, default_profile BOOLEAN,
  default_profile_image BOOLEAN, verified BOOLEAN)`;
const CORE = `id_str VARCHAR, id VARCHAR, created_at VARCHAR, timestamp_ms VARCHAR, "text" VARCHAR, full_text VARCHAR,
  extended_tweet STRUCT(full_text VARCHAR, entities ${ENT}), entities ${ENT}, lang VARCHAR, "user" ${USER},
  quoted_status_id_str VARCHAR, in_reply_to_status_id_str VARCHAR, place STRUCT(country_code VARCHAR)`;
/** `{'name': 'TYPE', …}` for read_json, from "name TYPE, …" (splitting only at top-level commas). */
function columnsParam(): string {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  const all = `${CORE}, retweeted_status STRUCT(${CORE}), quoted_status STRUCT(${CORE}), "delete" JSON, "limit" JSON`;
  for (const ch of all) {
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
  const urls = `list_transform(${ents}.urls, u -> coalesce(u.expanded_url, u.url))`;
  const rtUser = rt ? `CASE WHEN ${rt} IS NOT NULL THEN [lower(${rt}."user".screen_name)] ELSE [] END` : '[]';
  return `SELECT 'x:' || coalesce(${t}.id_str, ${t}.id) AS id, 'x' AS platform, 'x:' || coalesce(${t}."user".id_str, ${t}."user".id) AS account_id,
    ${t}."user".screen_name AS handle, ${time(t)} AS ts, ${text} AS "text", ${lang(t)} AS lang,
    CASE WHEN ${lang(t)} IS NOT NULL THEN 'source' END AS lang_source,
    ${rt ? `CASE WHEN ${rt} IS NOT NULL THEN 'x:' || coalesce(${rt}.id_str, ${rt}.id) END` : 'NULL'} AS repost_of,
    'x:' || ${t}.in_reply_to_status_id_str AS reply_to,
    'x:' || coalesce(${t}.quoted_status_id_str${qt ? `, ${qt}.id_str` : ''}) AS quote_of,
    list_distinct(CASE WHEN len(${tags}) > 0 THEN ${tags} ELSE list_transform(regexp_extract_all(${text}, ${HASHTAG_RE}, 1), x -> lower(x)) END) AS hashtags,
    list_distinct(list_concat(${rtUser}, CASE WHEN len(${ments}) > 0 THEN ${ments} ELSE list_transform(regexp_extract_all(${text}, ${MENTION_RE}, 1), x -> lower(x)) END)) AS mentions,
    list_distinct(CASE WHEN len(${urls}) > 0 THEN ${urls} ELSE regexp_extract_all(${text}, 'https?://[^\\s<>"'']+') END) AS urls,
    nullif(upper(${t}.place.country_code), '') AS country, ${sqlString(file)} AS source`;
}

function accountSelect(t: string): string {
  return `SELECT 'x:' || coalesce(${t}."user".id_str, ${t}."user".id) AS id, 'x' AS platform, ${t}."user".screen_name AS handle, ${t}."user"."name" AS "name",
    epoch_ms(try_strptime(${t}."user".created_at, '%a %b %d %H:%M:%S %z %Y')) AS created, ${t}."user".followers_count AS followers,
    ${t}."user".friends_count AS friends, ${t}."user".statuses_count AS statuses, nullif(${t}."user"."location", '') AS "location",
    ${t}."user".description AS description, ${t}."user".default_profile AS default_profile, ${t}."user".default_profile_image AS default_image,
    ${t}."user".verified AS verified, NULL::VARCHAR AS country, NULL::VARCHAR AS country_source`;
}

/**
 * Loads a clean X v1.1 JSON-lines file straight into DuckDB. Returns the number of tweets read,
 * or null when the file needs the tolerant importer.
 * @example const n = await fastLoadV1(db, 'big.jsonl'); if (n === null) … // fall back
 */
export async function fastLoadV1(db: SocialDb, file: string): Promise<number | null> {
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE fx AS SELECT *
      FROM read_json(${sqlString(file)}, format='newline_delimited', columns=${columnsParam()}, maximum_object_size=67108864)
      WHERE "delete" IS NULL AND "limit" IS NULL`);
  } catch {
    return null;
  }
  const [bad] = await db.all<{ n: number; total: number }>(
    `SELECT count(*) FILTER (WHERE coalesce(id_str, id) IS NULL OR coalesce("user".id_str, "user".id) IS NULL OR ${time('fx')} IS NULL) AS n, count(*) AS total FROM fx`,
  );
  if (!bad || bad.n > 0) {
    await db.run('DROP TABLE fx');
    return null;
  }
  const emb = (k: string) =>
    `(SELECT ${k} AS e FROM fx WHERE ${k} IS NOT NULL AND coalesce(${k}.id_str, ${k}.id) IS NOT NULL AND ${time(`fx.${k}`)} IS NOT NULL) x`;
  const posts = `(${postSelect('fx', 'fx.retweeted_status', 'fx.quoted_status', file)} FROM fx
    UNION ALL ${postSelect('x.e', null, null, file)} FROM ${emb('retweeted_status')}
    UNION ALL ${postSelect('x.e', null, null, file)} FROM ${emb('quoted_status')})`;
  const accounts = `(${accountSelect('fx')} FROM fx UNION ALL ${accountSelect('x.e')} FROM ${emb('retweeted_status')} WHERE x.e."user" IS NOT NULL
    UNION ALL ${accountSelect('x.e')} FROM ${emb('quoted_status')} WHERE x.e."user" IS NOT NULL)`;
  await insertPosts(db, posts);
  await insertAccounts(db, accounts);
  await db.run('DROP TABLE fx');
  return bad.total;
}
