import type { GenericCsvOptions } from '../generic-csv.js';
import { resolveMapping } from '../generic-csv.js';
import { type CsvBulkSpec, lossyIdWarning } from './csv-bulk.js';
import { lit, lossySql, textEntitiesSql } from './sql-text.js';
import { listCellSql, plainSpaces } from './x-io-csv.js';

/**
 * toMs (common.ts) for the forms it reads the same way every time: whole epoch seconds,
 * milliseconds or microseconds of at most 15 digits (exact in a double), and ISO 8601 times in UTC
 * ("2024-01-01T10:00:00Z", ".123Z", or no zone at all: "2017-05-05 18:31(:00)"). Any other form
 * (an offset, a fraction past milliseconds, "M/D/YYYY", a date that does not exist) gives NULL
 * and the row goes back to the JavaScript importer.
 */
export function timeSql(cell: string): string {
  const n = `TRY_CAST(${cell} AS BIGINT)`;
  const hms = '([01]\\d|2[0-3]):[0-5]\\d';
  return `CASE WHEN regexp_full_match(${cell}, '\\d{1,15}')
      THEN CASE WHEN ${n} > 100000000000000 THEN ${n} // 1000 WHEN ${n} > 100000000000 THEN ${n} ELSE ${n} * 1000 END
    WHEN regexp_full_match(${cell}, '\\d{4}-\\d{2}-\\d{2}[ T]${hms}(:[0-5]\\d)?')
      OR regexp_full_match(${cell}, '\\d{4}-\\d{2}-\\d{2}T${hms}:[0-5]\\d(\\.\\d{3})?Z')
      THEN epoch_ms(TRY_CAST(replace(rtrim(${cell}, 'Z'), 'T', ' ') AS TIMESTAMP)) END`;
}

/**
 * generic-csv.ts (any CSV with a header, CooRTweet's four columns included) in SQL, for the
 * columns `header` and the user's mapping resolve to, exactly as the importer resolves them.
 * Returns null when the mapping names no id, account or time column (every row would fail: the
 * importer says so row by row). Rows it is not sure of go back to generic-csv.ts: a time in
 * another form, a missing or rounded id, an account keyed by nothing, list cells holding
 * whitespace other than spaces or a URL cut with "…".
 */
export function genericCsvBulk(header: string[], opts: GenericCsvOptions): CsvBulkSpec | null {
  const cols = resolveMapping([...new Set(header)], opts.mapping);
  const { id, account, time } = cols;
  if (!id || !account || !time) return null;
  const platform = opts.platform ?? 'csv';
  const p = lit(platform);
  return {
    format: 'csv',
    required: [id, account, time],
    shares: true,
    query(v, _has, _file, rows) {
      const col = (field: string) => {
        const name = cols[field];
        return name ? v(name) : "''";
      };
      const cells = `SELECT ${col('id')} AS pid, ${col('account')} AS acc, ${col('handle')} AS handle_raw,
        ${col('time')} AS tm, ${col('text')} AS body_text, ${col('object')} AS obj, ${col('repost')} AS rp,
        ${col('reply')} AS rep, ${col('lang')} AS lg, ${col('hashtags')} AS tags_cell, ${col('urls')} AS urls_cell,
        ${col('location')} AS loc, nl FROM ${rows}`;
      const keys = `SELECT *, ${timeSql('tm')} AS t,
        CASE WHEN acc <> '' AND NOT ${lossySql('acc')} THEN ${p} || ':' || acc
          WHEN handle_raw <> '' THEN ${p} || ':@' || lower(handle_raw) END AS akey
        FROM (${cells})`;
      const sure = `NOT contains(urls_cell, '…') AND ${plainSpaces('tags_cell || urls_cell')}`;
      const kept = `pid <> '' AND acc <> '' AND t IS NOT NULL AND NOT ${lossySql('pid')} AND akey IS NOT NULL`;
      return `SELECT * EXCLUDE (hashtags_all, urls_all),
          CASE WHEN tags_cell <> '' THEN list_transform(${listCellSql('tags_cell')}, x -> lower(x)) ELSE hashtags_all END AS hashtags_all,
          CASE WHEN urls_cell <> '' THEN ${listCellSql('urls_cell')} ELSE urls_all END AS urls_all
        FROM (SELECT ${kept} AND ${sure} AS ok,
        ${p} || ':' || pid AS id, ${p} AS platform, akey AS account_id, nullif(handle_raw, '') AS handle, t AS ts,
        body_text AS "text", nullif(lg, '') AS lang, CASE WHEN lg <> '' THEN 'source' END AS lang_source,
        CASE WHEN rp <> '' THEN ${p} || ':' || rp END AS repost_of, CASE WHEN rep <> '' THEN ${p} || ':' || rep END AS reply_to,
        NULL::VARCHAR AS quote_of, ${textEntitiesSql('body_text')}, tags_cell, urls_cell, NULL::VARCHAR AS country,
        nl, nullif(obj, '') AS object,
        akey AS a_id, ${p} AS a_platform, nullif(handle_raw, '') AS a_handle, NULL::VARCHAR AS a_name,
        NULL::BIGINT AS a_created, NULL::BIGINT AS a_followers, NULL::BIGINT AS a_friends, NULL::BIGINT AS a_statuses,
        nullif(loc, '') AS a_location, NULL::VARCHAR AS a_description, NULL::BOOLEAN AS a_default_profile,
        NULL::BOOLEAN AS a_default_image, NULL::BOOLEAN AS a_verified, NULL::VARCHAR AS a_country,
        NULL::VARCHAR AS a_country_source, CASE WHEN ${kept} AND ${lossySql('acc')} THEN acc END AS warn_id
        FROM (${keys}))`;
    },
    warnings: (db, file) => lossyIdWarning(db, file, 'account ids'),
  };
}
