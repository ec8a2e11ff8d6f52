import { LANGUAGE_NAMES } from '../ira-csv.js';
import { type CsvBulkSpec, lossyIdWarning } from './csv-bulk.js';
import { JS_SPACE, lit, lossySql, numSql, numSureSql, textEntitiesSql } from './sql-text.js';

/**
 * ira-csv.ts (FiveThirtyEight's IRA tweets) in SQL, row for row: the same author key, tweet id,
 * time, language, original of a retweet (the tweet of tco1_step1, else `x:rt:<sha1>`) and
 * entities. Rows it is not sure of are `ok = false` and go back to ira-csv.ts: a publish_date not
 * in the release's M/D/YYYY H:MM(:SS) form (toMs reads more forms; Date.UTC rolls 2/30 over to
 * March), a counter that is not a whole number, a row with no author or a rounded tweet id.
 */
export const iraCsvBulk: CsvBulkSpec = {
  format: 'ira-csv',
  required: ['external_author_id', 'author', 'content', 'publish_date'],
  query(v, has, _file, rows) {
    // Three levels so each value is computed once: the cells, then the keys, then the row.
    const cells = `SELECT ${v('external_author_id')} AS aid, ${v('author')} AS handle_raw, ${v('publish_date')} AS pd,
      ${v('content')} AS body_text, ${v('language')} AS language, ${v('retweet')} AS retweet, ${v('post_type')} AS post_type,
      ${v('tweet_id')} AS tweet_id, ${v('alt_external_id')} AS alt_id, ${v('article_url')} AS article_url,
      ${v('tco1_step1')} AS tco1, ${v('region')} AS region, ${v('followers')} AS followers, ${v('following')} AS following,
      ${v('updates')} AS updates, nl FROM ${rows}`;
    // toMs: "5/5/2017 18:31" (M/D/YYYY H:MM, UTC). Years below 1000 are left to toMs (Date.UTC
    // reads 0–99 as 1900–1999).
    const timeSure = `regexp_full_match(pd, '\\d{1,2}/\\d{1,2}/[1-9]\\d{3} \\d{1,2}:\\d{2}(:\\d{2})?')`;
    const given = `CASE WHEN tweet_id <> '' THEN tweet_id ELSE alt_id END`;
    const fromUrl = `regexp_extract(article_url, '/status(?:es)?/(\\d+)', 1)`;
    const link = lit('(?i)^https?://(?:www\\.|mobile\\.)?(?:twitter|x)\\.com/(\\w+)/status(?:es)?/(\\d+)');
    // Only a retweet's tco1_step1 names its original: the link pattern runs on those rows alone;
    // the language name is looked up once.
    const isRt = `retweet = '1' OR upper(post_type) = 'RETWEET'`;
    const keys = `SELECT *,
      CASE WHEN aid <> '' AND NOT ${lossySql('aid')} THEN 'x:' || aid WHEN handle_raw <> '' THEN 'x:@' || lower(handle_raw) ELSE '' END AS author,
      CASE WHEN ${timeSure} THEN epoch_ms(coalesce(try_strptime(pd, '%m/%d/%Y %H:%M'), try_strptime(pd, '%m/%d/%Y %H:%M:%S'))) END AS t,
      CASE WHEN ${given} <> '' AND NOT ${lossySql(given)} THEN ${given} WHEN ${fromUrl} <> '' THEN ${fromUrl}
        WHEN ${has('tweet_id') ? 'true' : `${given} <> ''`} THEN NULL
        ELSE sha1(aid || chr(0) || pd || chr(0) || body_text) END AS tid,
      (${isRt}) AS is_rt,
      starts_with(body_text, 'RT @') AND regexp_matches(body_text, '^RT @\\w+:') AS rt_prefix,
      CASE WHEN ${isRt} THEN regexp_extract(tco1, ${link}, ['h', 'id']) END AS tco_link,
      CASE lower(language) ${Object.entries(LANGUAGE_NAMES)
        .map(([name, code]) => `WHEN ${lit(name)} THEN ${lit(code)}`)
        .join(' ')} END AS lang_code
      FROM (${cells})`;
    const lang = 'lang_code';
    // originalOf(): "RT @handle: body" names the retweeted handle; tco1_step1 may be its status link.
    const rtHandle = `CASE WHEN rt_prefix THEN lower(regexp_extract(body_text, '^RT @(\\w+):', 1)) ELSE '' END`;
    const body = `CASE WHEN rt_prefix THEN regexp_extract(body_text, '(?s)^RT @\\w+:[${JS_SPACE}]*(.*)$', 1) ELSE body_text END`;
    const original = `CASE WHEN tco_link.id <> '' AND (${rtHandle} = '' OR lower(tco_link.h) = ${rtHandle}) THEN 'x:' || tco_link.id
      ELSE 'x:rt:' || sha1(${rtHandle} || chr(0) || ${body}) END`;
    const counters = ['followers', 'following', 'updates'].map((c) => numSureSql(c)).join(' AND ');
    return `SELECT author <> '' AND t IS NOT NULL AND tid IS NOT NULL AND ${counters} AS ok,
      'x:' || tid AS id, 'x' AS platform, author AS account_id, nullif(handle_raw, '') AS handle,
      t AS ts, body_text AS "text", ${lang} AS lang, CASE WHEN (${lang}) IS NOT NULL THEN 'source' END AS lang_source,
      CASE WHEN is_rt THEN ${original} END AS repost_of, NULL::VARCHAR AS reply_to, NULL::VARCHAR AS quote_of,
      ${textEntitiesSql('body_text')}, NULL::VARCHAR AS country, nl,
      author AS a_id, 'x' AS a_platform, nullif(handle_raw, '') AS a_handle, NULL::VARCHAR AS a_name,
      NULL::BIGINT AS a_created, ${numSql('followers')} AS a_followers, ${numSql('following')} AS a_friends,
      ${numSql('updates')} AS a_statuses, CASE WHEN region <> '' AND region <> 'Unknown' THEN region END AS a_location,
      NULL::VARCHAR AS a_description, NULL::BOOLEAN AS a_default_profile, NULL::BOOLEAN AS a_default_image,
      NULL::BOOLEAN AS a_verified, NULL::VARCHAR AS a_country, NULL::VARCHAR AS a_country_source,
      CASE WHEN author <> '' AND t IS NOT NULL AND aid <> '' AND ${lossySql('aid')} THEN aid END AS warn_id,
      handle_raw AS warn_handle FROM (${keys})`;
  },
  warnings: (db, file) => lossyIdWarning(db, file, 'author ids', true),
};
