import { type CsvBulkSpec, lossyIdWarning } from './csv-bulk.js';
import { JS_SPACE, lossySql, numSql, numSureSql, textEntitiesSql, uniqSql } from './sql-text.js';

/** common.ts's listCell: "['a', 'b']", "[a, b]", "a,b" or "a b" split into values, in order, once each. */
export function listCellSql(cell: string): string {
  const parts = `regexp_split_to_array(regexp_replace(trim(${cell}), '^\\[|\\]$', '', 'g'), '[,${JS_SPACE}]+')`;
  const clean = `list_filter(list_transform(${parts}, y -> trim(regexp_replace(y, '^[''"#@]+|[''"]+$', '', 'g'))), y -> y <> '')`;
  return `CASE WHEN trim(${cell}) IN ('', '[]') THEN []::VARCHAR[] ELSE ${clean} END`;
}

/** A cell whose only whitespace is the space (JavaScript's trim and `\s` know more). */
export const plainSpaces = (cell: string) => `NOT regexp_matches(${cell}, '[${JS_SPACE.replace(' ', '')}]')`;

/**
 * x-io-csv.ts (X transparency "information operations" releases) in SQL, row for row. Rows it is
 * not sure of go back to x-io-csv.ts: a tweet_time not in the release's "YYYY-MM-DD HH:MM(:SS)"
 * form, an account_creation_date not "YYYY-MM-DD", a counter that is not a whole number, list
 * cells holding whitespace other than spaces, a missing or rounded tweetid, a missing userid.
 */
export const xIoCsvBulk: CsvBulkSpec = {
  format: 'x-io-csv',
  required: ['tweetid', 'userid', 'tweet_time'],
  query(v, has, _file, rows) {
    const cells = `SELECT ${v('tweetid')} AS tweetid, ${v('userid')} AS userid, ${v('user_screen_name')} AS screen,
      ${v('user_display_name')} AS display, ${v('user_reported_location')} AS loc,
      ${has('user_profile_description') ? v('user_profile_description') : 'NULL::VARCHAR'} AS descr,
      ${v('follower_count')} AS followers, ${v('following_count')} AS following, ${v('account_creation_date')} AS created,
      ${v('tweet_language')} AS tl, ${v('tweet_text')} AS body_text, ${v('tweet_time')} AS tt,
      ${v('in_reply_to_tweetid')} AS reply, ${v('quoted_tweet_tweetid')} AS quoted, ${v('retweet_tweetid')} AS rt,
      ${v('hashtags')} AS tags_cell, ${v('urls')} AS urls_cell, ${v('user_mentions')} AS mentions_cell, nl FROM ${rows}`;
    // toMs: "2017-05-05 18:31" carries no zone and is UTC.
    const keys = `SELECT *,
      CASE WHEN regexp_full_match(tt, '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(:\\d{2})?')
        THEN epoch_ms(coalesce(try_strptime(tt, '%Y-%m-%d %H:%M'), try_strptime(tt, '%Y-%m-%d %H:%M:%S'))) END AS t,
      CASE WHEN userid <> '' AND NOT ${lossySql('userid')} THEN 'x:' || userid
        WHEN screen <> '' THEN 'x:@' || lower(screen) END AS account,
      ${listCellSql('tags_cell')} AS tags, ${listCellSql('urls_cell')} AS listed_urls,
      ${listCellSql('mentions_cell')} AS listed_mentions,
      (created = '' OR (regexp_full_match(created, '\\d{4}-\\d{2}-\\d{2}') AND try_strptime(created, '%Y-%m-%d') IS NOT NULL)) AS created_sure
      FROM (${cells})`;
    const lang = `CASE WHEN tl = '' OR tl IN ('und', 'zxx', 'qme', 'qht', 'qam') THEN NULL WHEN tl = 'in' THEN 'id'
      WHEN tl = 'iw' THEN 'he' ELSE lower(split_part(split_part(tl, '-', 1), '_', 1)) END`;
    const counters = `${numSureSql('followers')} AND ${numSureSql('following')}`;
    // A listed URL cut with "…" is kept by x-io-csv.ts but dropped from text URLs: left to it.
    const sure = `${counters} AND created_sure AND NOT contains(urls_cell, '…')
      AND ${plainSpaces('tags_cell || urls_cell || mentions_cell')}`;
    const kept = `tweetid <> '' AND userid <> '' AND t IS NOT NULL AND NOT ${lossySql('tweetid')} AND account IS NOT NULL`;
    return `SELECT * EXCLUDE (hashtags_all, mentions_all, urls_all),
        CASE WHEN len(tags) > 0 THEN list_transform(tags, x -> lower(x)) ELSE hashtags_all END AS hashtags_all,
        CASE WHEN len(mentions_all) > 0 THEN mentions_all ELSE listed_mentions END AS mentions_all,
        CASE WHEN len(listed_urls) > 0 THEN ${uniqSql('listed_urls')} ELSE urls_all END AS urls_all
      FROM (SELECT ${kept} AND ${sure} AS ok,
      'x:' || tweetid AS id, 'x' AS platform, account AS account_id, nullif(screen, '') AS handle,
      t AS ts, body_text AS "text", ${lang} AS lang, CASE WHEN (${lang}) IS NOT NULL THEN 'source' END AS lang_source,
      CASE WHEN rt <> '' THEN 'x:' || rt END AS repost_of, CASE WHEN reply <> '' THEN 'x:' || reply END AS reply_to,
      CASE WHEN quoted <> '' THEN 'x:' || quoted END AS quote_of,
      ${textEntitiesSql('body_text')}, tags, listed_urls, listed_mentions, NULL::VARCHAR AS country, nl,
      account AS a_id, 'x' AS a_platform, nullif(screen, '') AS a_handle, nullif(display, '') AS a_name,
      CASE WHEN created <> '' THEN epoch_ms(try_strptime(created, '%Y-%m-%d')) END AS a_created,
      ${numSql('followers')} AS a_followers, ${numSql('following')} AS a_friends, NULL::BIGINT AS a_statuses,
      nullif(loc, '') AS a_location, descr AS a_description, NULL::BOOLEAN AS a_default_profile,
      NULL::BOOLEAN AS a_default_image, NULL::BOOLEAN AS a_verified, NULL::VARCHAR AS a_country,
      NULL::VARCHAR AS a_country_source,
      CASE WHEN ${kept} AND ${lossySql('userid')} THEN userid END AS warn_id
      FROM (${keys}))`;
  },
  warnings: (db, file) => lossyIdWarning(db, file, 'user ids'),
};
