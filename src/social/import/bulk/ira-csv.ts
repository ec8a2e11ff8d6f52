import { basename } from 'node:path';
import { sqlString } from '../../db.js';
import type { ImportFailure } from '../../types.js';
import { LANGUAGE_NAMES } from '../ira-csv.js';
import type { CsvBulkSpec } from './csv-bulk.js';
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
  select(v, has, file) {
    const aid = v('external_author_id');
    const author = `CASE WHEN ${aid} <> '' AND NOT ${lossySql(aid)} THEN 'x:' || ${aid}
      WHEN ${v('author')} <> '' THEN 'x:@' || lower(${v('author')}) ELSE '' END`;
    const pd = v('publish_date');
    // toMs: "5/5/2017 18:31" (M/D/YYYY H:MM, UTC). Years below 1000 are left to toMs (Date.UTC
    // reads 0–99 as 1900–1999).
    const timeSure = `regexp_full_match(${pd}, '\\d{1,2}/\\d{1,2}/[1-9]\\d{3} \\d{1,2}:\\d{2}(:\\d{2})?')`;
    const ts = `CASE WHEN ${timeSure} THEN epoch_ms(try_strptime(${pd}, ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M'])) END`;
    const given = `CASE WHEN ${v('tweet_id')} <> '' THEN ${v('tweet_id')} ELSE ${v('alt_external_id')} END`;
    const fromUrl = `regexp_extract(${v('article_url')}, '/status(?:es)?/(\\d+)', 1)`;
    const id = `CASE WHEN ${given} <> '' AND NOT ${lossySql(given)} THEN ${given} WHEN ${fromUrl} <> '' THEN ${fromUrl}
      WHEN ${has('tweet_id') ? 'true' : `${given} <> ''`} THEN NULL
      ELSE sha1(${aid} || chr(0) || ${pd} || chr(0) || ${v('content')}) END`;
    const text = v('content');
    const lang = `CASE lower(${v('language')}) ${Object.entries(LANGUAGE_NAMES)
      .map(([name, code]) => `WHEN ${lit(name)} THEN ${lit(code)}`)
      .join(' ')} END`;
    const isRt = `(${v('retweet')} = '1' OR upper(${v('post_type')}) = 'RETWEET')`;
    // originalOf(): "RT @handle: body" names the retweeted handle; tco1_step1 may be its status link.
    const rtHandle = `CASE WHEN regexp_matches(${text}, '^RT @\\w+:') THEN lower(regexp_extract(${text}, '^RT @(\\w+):', 1)) ELSE '' END`;
    const body = `CASE WHEN regexp_matches(${text}, '^RT @\\w+:') THEN regexp_extract(${text}, '(?s)^RT @\\w+:[${JS_SPACE}]*(.*)$', 1) ELSE ${text} END`;
    const link = lit('(?i)^https?://(?:www\\.|mobile\\.)?(?:twitter|x)\\.com/(\\w+)/status(?:es)?/(\\d+)');
    const linkId = `regexp_extract(${v('tco1_step1')}, ${link}, 2)`;
    const linkHandle = `lower(regexp_extract(${v('tco1_step1')}, ${link}, 1))`;
    const original = `CASE WHEN ${linkId} <> '' AND (${rtHandle} = '' OR ${linkHandle} = ${rtHandle}) THEN 'x:' || ${linkId}
      ELSE 'x:rt:' || sha1(${rtHandle} || chr(0) || ${body}) END`;
    const region = v('region');
    const counters = ['followers', 'following', 'updates'].map((c) => numSureSql(v(c))).join(' AND ');
    return `(${author}) <> '' AND (${ts}) IS NOT NULL AND (${id}) IS NOT NULL AND ${counters} AS ok,
      'x:' || (${id}) AS id, 'x' AS platform, ${author} AS account_id, nullif(${v('author')}, '') AS handle,
      ${ts} AS ts, ${text} AS "text", ${lang} AS lang, CASE WHEN (${lang}) IS NOT NULL THEN 'source' END AS lang_source,
      CASE WHEN ${isRt} THEN ${original} END AS repost_of, NULL::VARCHAR AS reply_to, NULL::VARCHAR AS quote_of,
      ${textEntitiesSql(text)}, NULL::VARCHAR AS country, ${sqlString(file)} AS source,
      ${author} AS a_id, 'x' AS a_platform, nullif(${v('author')}, '') AS a_handle, NULL::VARCHAR AS a_name,
      NULL::BIGINT AS a_created, ${numSql(v('followers'))} AS a_followers, ${numSql(v('following'))} AS a_friends,
      ${numSql(v('updates'))} AS a_statuses, CASE WHEN ${region} <> '' AND ${region} <> 'Unknown' THEN ${region} END AS a_location,
      NULL::VARCHAR AS a_description, NULL::BOOLEAN AS a_default_profile, NULL::BOOLEAN AS a_default_image,
      NULL::BOOLEAN AS a_verified, NULL::VARCHAR AS a_country, NULL::VARCHAR AS a_country_source,
      CASE WHEN (${author}) <> '' AND (${ts}) IS NOT NULL AND ${aid} <> '' AND ${lossySql(aid)} THEN ${aid} END AS warn_id,
      ${v('author')} AS warn_handle`;
  },
  async warnings(db, file): Promise<ImportFailure[]> {
    const [w] = await db.all<{ id: string; handle: string }>(
      'SELECT warn_id AS id, warn_handle AS handle FROM bulk_rows WHERE warn_id IS NOT NULL ORDER BY rowid LIMIT 1',
    );
    if (!w) return [];
    return [
      {
        file,
        line: 0,
        reason: 'lossy-id',
        message: `${basename(file)}: warning: author ids rounded by a spreadsheet (e.g. ${w.id} for @${w.handle}): those accounts are keyed by handle`,
        warning: true,
      },
    ];
  },
};
