import { sqlString } from '../../db.js';
import type { JsonLinesBulkSpec } from './json-lines.js';
import { textEntitiesSql } from './sql-text.js';

/**
 * The fields twitter-v2.ts reads from an X API v2 page. Ids are JSON so the SQL can tell a string
 * from a number (a number past 2^53 reads differently in JavaScript: the importer takes such a
 * line); the rest is typed, and a value of another type makes read_json refuse the file, which
 * then takes the JavaScript importer whole.
 */
const TWEET = `STRUCT(id JSON, author_id JSON, created_at VARCHAR, "text" VARCHAR, lang VARCHAR, note_tweet STRUCT("text" VARCHAR),
  referenced_tweets STRUCT("type" VARCHAR, id VARCHAR)[],
  entities STRUCT(hashtags STRUCT(tag VARCHAR)[], mentions STRUCT(username VARCHAR)[], urls STRUCT(url VARCHAR, expanded_url VARCHAR)[]),
  geo STRUCT(place_id VARCHAR), attachments STRUCT(media_keys VARCHAR[], media JSON), author JSON)`;
const USER = `STRUCT(id JSON, username VARCHAR, "name" VARCHAR, created_at VARCHAR, "location" VARCHAR, description VARCHAR,
  profile_image_url VARCHAR, verified JSON, public_metrics STRUCT(followers_count DOUBLE, following_count DOUBLE, tweet_count DOUBLE))`;
const COLUMNS = `{data: '${TWEET}[]', includes: 'STRUCT(users ${USER}[], tweets ${TWEET}[],
  places STRUCT(id VARCHAR, country_code VARCHAR)[], media STRUCT(media_key VARCHAR, "type" VARCHAR, url VARCHAR, preview_image_url VARCHAR)[])'}`;

/** A JSON string without escapes (every id the API writes), as text; NULL for anything else. */
const sid = (x: string) =>
  `CASE WHEN regexp_full_match(${x}::VARCHAR, '"[^"\\\\]+"') THEN (${x}::VARCHAR)[2:-2] END`;
const isSid = (x: string) => `coalesce(regexp_full_match(${x}::VARCHAR, '"[^"\\\\]+"'), false)`;
/** toMs of the ISO forms the API writes (Date.parse reads them the same way); NULL for any other form. */
const isoMs = (
  x: string,
) => `CASE WHEN regexp_full_match(${x}, '\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?(Z|[+-]\\d{2}:\\d{2})')
  THEN epoch_ms(TRY_CAST(${x} AS TIMESTAMPTZ)) END`;
/** A media URL httpUrl keeps as it is and whose last path part needs no decoding. */
const SAFE_URL = `'https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~!$&()*+,;=:@-]*)*'`;
const all = (list: string, pred: string) => `coalesce(list_bool_and(list_transform(${list}, ${pred})), true)`;
const uniqueIds = (list: string, key: string) =>
  `(${list} IS NULL OR len(list_distinct(list_transform(${list}, x -> ${key}))) = len(${list}))`;
const rtOf = (t: string) =>
  `nullif(list_filter(coalesce(${t}.referenced_tweets, []), r -> r."type" = 'retweeted')[1].id, '')`;
const incIds = `list_transform(coalesce(includes.tweets, []), x -> ${sid('x.id')})`;
const mediaKeys = `list_transform(coalesce(includes.media, []), m -> m.media_key)`;

/**
 * When the SQL gives what twitter-v2.ts gives for the line. Not sure, so the importer reads it: a
 * line that is not a page (twarc2 flatten, an error record), a data entry without a string id
 * and author_id or with a created_at in another form, a tweet of includes with such a date, two
 * users, tweets, places or media of one page with the same key (the importer keeps the last),
 * inline media, a media key not in includes.media (the importer warns), a media URL in an
 * unusual form, an entity URL ending in "…" (the importer keeps those).
 */
const OK = `data IS NOT NULL
  AND ${all(
    'data',
    `t -> coalesce(${isSid('t.id')} AND ${isSid('t.author_id')} AND ${isoMs('t.created_at')} IS NOT NULL
      AND t.attachments.media IS NULL AND t.author IS NULL
      AND (list_contains(${incIds}, ${rtOf('t')}) OR ${all('t.attachments.media_keys', `k -> coalesce(list_contains(${mediaKeys}, k), false)`)})
      AND ${all('t.entities.urls', `u -> NOT ends_with(coalesce(u.expanded_url, u.url, ''), '…')`)}, false)`,
  )}
  AND ${all(
    'includes.tweets',
    `t -> t.id IS NULL OR coalesce(${isSid('t.id')} AND (t.author_id IS NULL OR (${isSid('t.author_id')} AND ${isoMs('t.created_at')} IS NOT NULL))
      AND t.attachments.media IS NULL AND t.author IS NULL AND ${all('t.entities.urls', `u -> NOT ends_with(coalesce(u.expanded_url, u.url, ''), '…')`)}, false)`,
  )}
  AND ${all('includes.users', `u -> coalesce(u.created_at, '') = '' OR ${isoMs('u.created_at')} IS NOT NULL`)}
  AND ${uniqueIds('includes.users', sid('x.id'))} AND ${uniqueIds('includes.tweets', sid('x.id'))}
  AND ${uniqueIds('includes.places', 'x.id')} AND ${uniqueIds('includes.media', 'x.media_key')}
  AND ${all('includes.media', `m -> coalesce(m.url, m.preview_image_url) IS NULL OR regexp_full_match(coalesce(m.url, m.preview_image_url), ${SAFE_URL})`)}`;

/**
 * Every tweet of the ok lines, as twitter-v2.ts reads them: those of `data`, then the tweets of
 * `includes` not in the page's data (a referenced original is a post too), each with its page's
 * line; `body` is the retweeted original when the page includes it (its text and entities are
 * whole), else the tweet itself.
 */
const TWEETS = `CREATE OR REPLACE TEMP TABLE v2_inc AS
    SELECT line, ${sid('t.id')} AS tid, t FROM (SELECT line, unnest(includes.tweets) AS t FROM bulk_events) WHERE t.id IS NOT NULL;
  CREATE OR REPLACE TEMP TABLE v2_users AS
    SELECT line, ${sid('u.id')} AS uid, u FROM (SELECT line, unnest(includes.users) AS u FROM bulk_events);
  CREATE OR REPLACE TEMP TABLE v2_places AS
    SELECT line, p.id AS pid, upper(p.country_code) AS cc FROM (SELECT line, unnest(includes.places) AS p FROM bulk_events);
  CREATE OR REPLACE TEMP TABLE v2_media AS
    SELECT line, m.media_key AS k, m FROM (SELECT line, unnest(includes.media) AS m FROM bulk_events);
  CREATE OR REPLACE TEMP TABLE v2_tw AS
    WITH d AS (SELECT line, unnest(data) AS t FROM bulk_events),
    tw AS (SELECT line, t, false AS referenced FROM d
      UNION ALL SELECT line, t, true FROM v2_inc i
        WHERE t.author_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM d WHERE d.line = i.line AND ${sid('d.t.id')} = i.tid))
    SELECT tw.line, tw.t, tw.referenced, ${rtOf('tw.t')} AS rt, b.t AS inc_body,
      coalesce(b.t, tw.t) AS body, 'x:' || ${sid('tw.t.id')} AS id, 'x:' || ${sid('tw.t.author_id')} AS account_id,
      ${isoMs('tw.t.created_at')} AS ts
    FROM tw LEFT JOIN v2_inc b ON b.line = tw.line AND b.tid = ${rtOf('tw.t')}`;

const LANG = `CASE WHEN coalesce(t.lang, '') IN ('', 'und', 'zxx', 'qme', 'qht', 'qam') THEN NULL WHEN t.lang = 'in' THEN 'id'
  WHEN t.lang = 'iw' THEN 'he' ELSE nullif(regexp_extract(lower(t.lang), '^[^_-]*'), '') END`;

/**
 * twitter-v2.ts (X API v2 pages, one a line, as twarc2 writes them) in SQL: posts keyed `x:id`,
 * a retweet's text and entities from the original in includes, entities from the text where the
 * API lists none, the author's profile from includes.users, the country from includes.places,
 * media by key from includes.media.
 */
export const twitterV2Bulk: JsonLinesBulkSpec = {
  format: 'twitter-v2',
  columns: COLUMNS,
  ok: OK,
  lines: true,
  prepare: TWEETS,
  posts: (
    file,
  ) => `SELECT * EXCLUDE (hashtags_all, mentions_all, urls_all, tags_e, mentions_e, urls_e, rt_user),
      CASE WHEN len(tags_e) > 0 THEN tags_e ELSE hashtags_all END AS hashtags_all,
      list_concat(CASE WHEN coalesce(rt_user, '') <> '' THEN [rt_user] ELSE [] END,
        CASE WHEN len(mentions_e) > 0 THEN mentions_e ELSE mentions_all END) AS mentions_all,
      CASE WHEN len(urls_e) > 0 THEN urls_e ELSE urls_all END AS urls_all
    FROM (SELECT w.id, 'x' AS platform, w.account_id, u.u.username AS handle, w.ts, "text",
      lang, CASE WHEN lang IS NOT NULL THEN 'source' END AS lang_source,
      CASE WHEN w.rt IS NOT NULL THEN 'x:' || w.rt END AS repost_of,
      'x:' || nullif(list_filter(coalesce(w.t.referenced_tweets, []), r -> r."type" = 'replied_to')[1].id, '') AS reply_to,
      'x:' || nullif(list_filter(coalesce(w.t.referenced_tweets, []), r -> r."type" = 'quoted')[1].id, '') AS quote_of,
      nullif(p.cc, '') AS country, ${sqlString(file)} || ':' || w.line AS source,
      list_filter(list_transform(w.body.entities.hashtags, h -> lower(h.tag)), x -> coalesce(x, '') <> '') AS tags_e,
      list_filter(list_transform(w.body.entities.mentions, m -> lower(m.username)), x -> coalesce(x, '') <> '') AS mentions_e,
      list_filter(list_transform(w.body.entities.urls, x -> coalesce(x.expanded_url, x.url)), x -> coalesce(x, '') <> '') AS urls_e,
      CASE WHEN w.inc_body IS NOT NULL THEN lower(ru.u.username) END AS rt_user,
      ${textEntitiesSql('"text"')}
      FROM (SELECT *, coalesce(body.note_tweet."text", body."text", '') AS "text", ${LANG.replaceAll('t.lang', 'w0.t.lang')} AS lang FROM v2_tw w0) w
      LEFT JOIN v2_users u ON u.line = w.line AND u.uid = ${sid('w.t.author_id')}
      LEFT JOIN v2_users ru ON ru.line = w.line AND ru.uid = ${sid('w.inc_body.author_id')}
      LEFT JOIN v2_places p ON p.line = w.line AND p.pid = coalesce(w.t.geo.place_id, ''))`,
  accounts: `SELECT w.account_id AS id, 'x' AS platform, u.u.username AS handle, u.u."name" AS "name",
      ${isoMs('u.u.created_at')} AS created, u.u.public_metrics.followers_count::BIGINT AS followers,
      u.u.public_metrics.following_count::BIGINT AS friends, u.u.public_metrics.tweet_count::BIGINT AS statuses,
      nullif(u.u."location", '') AS "location", u.u.description AS description, NULL::BOOLEAN AS default_profile,
      CASE WHEN coalesce(u.u.profile_image_url, '') <> '' THEN contains(u.u.profile_image_url, 'default_profile') END AS default_image,
      CASE WHEN u.u.verified::VARCHAR IN ('true', 'false') THEN u.u.verified::VARCHAR = 'true' END AS verified,
      NULL::VARCHAR AS country, NULL::VARCHAR AS country_source
    FROM v2_tw w JOIN v2_users u ON u.line = w.line AND u.uid = ${sid('w.t.author_id')}`,
  media: `SELECT w.id AS post_id, 'x' AS platform, w.ts, coalesce(m.m."type", 'photo') AS kind,
      CASE WHEN url IS NOT NULL THEN nullif(regexp_extract(regexp_extract(url, '^https?://[^/]+(/.*)?$', 1), '[^/]*$'), '') END AS "name",
      NULL::VARCHAR AS md5, NULL::VARCHAR AS sha256, NULL::BIGINT AS size, url, NULL::VARCHAR AS path,
      NULL::VARCHAR AS cid, NULL::VARCHAR AS mime, NULL::VARCHAR AS dhash
    FROM (SELECT line, id, ts, unnest(body.attachments.media_keys) AS k FROM v2_tw) w
    JOIN (SELECT line, k, m, nullif(coalesce(m.url, m.preview_image_url), '') AS url FROM v2_media) m ON m.line = w.line AND m.k = w.k`,
  placeAccounts: true,
  cleanup:
    'DROP TABLE IF EXISTS v2_inc; DROP TABLE IF EXISTS v2_users; DROP TABLE IF EXISTS v2_places; DROP TABLE IF EXISTS v2_media; DROP TABLE IF EXISTS v2_tw',
};
