import { htmlToText } from '../../../util/html-text.js';
import type { SocialDb } from '../../db.js';
import { sqlString } from '../../db.js';
import { statusText } from '../mastodon.js';
import type { JsonLinesBulkSpec } from './json-lines.js';
import { textEntitiesSql } from './sql-text.js';

const ACCOUNT = `STRUCT(acct VARCHAR, username VARCHAR, display_name VARCHAR, created_at VARCHAR, url VARCHAR, avatar VARCHAR,
  note VARCHAR, followers_count DOUBLE, following_count DOUBLE, statuses_count DOUBLE)`;
/** The fields of a Status (docs.joinmastodon.org/entities/Status) that mastodon.ts and fedi-media.ts read. */
const FIELDS = `id VARCHAR, uri VARCHAR, url VARCHAR, created_at VARCHAR, content VARCHAR, "language" VARCHAR,
  in_reply_to_id VARCHAR, account ${ACCOUNT}, tags STRUCT("name" VARCHAR)[], mentions STRUCT(acct VARCHAR)[],
  card STRUCT(url VARCHAR), media_attachments STRUCT("type" VARCHAR, url VARCHAR, remote_url VARCHAR)[],
  quote JSON, quoted_status JSON`;
const COLUMNS = `{${FIELDS.replace(/\s+/g, ' ')
  .split(/, (?![^()]*\))/)
  .map((f) => {
    const [name = '', ...type] = f.trim().split(' ');
    return `${name}: '${type.join(' ')}'`;
  })
  .join(', ')}, reblog: 'STRUCT(${FIELDS.replace(/\s+/g, ' ')})', ancestors: 'JSON', descendants: 'JSON'}`;

const isoMs = (
  x: string,
) => `CASE WHEN regexp_full_match(${x}, '\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?(Z|[+-]\\d{2}:\\d{2})')
  THEN epoch_ms(TRY_CAST(${x} AS TIMESTAMPTZ)) END`;
const keyOf = (s: string) => `'mastodon:' || nullif(coalesce(${s}.uri, ${s}.url, ${s}.id), '')`;
/** new URL(account.url).host for the URLs servers write; 'local' without a URL. */
const HOST_RE = `'^https?://([a-z0-9-]+(?:\\.[a-z0-9-]+)*)(?:/[^\\s]*)?$'`;
const serverOf = (a: string) =>
  `CASE WHEN ${a}.url IS NULL THEN 'local' ELSE regexp_extract(${a}.url, ${HOST_RE}, 1) END`;
/** A media URL httpUrl keeps as it is, whose last path part is read the same way in SQL. */
const SAFE_URL = `'https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~!$&()*+,;=:@%-]*)*'`;
const all = (list: string, pred: string) => `coalesce(list_bool_and(list_transform(${list}, ${pred})), true)`;

/** What must hold of a status (the line's, or the boosted one) for the SQL to give what the importer gives. */
const statusOk = (
  s: string,
) => `(${keyOf(s)} IS NOT NULL AND ${s}.account IS NOT NULL AND ${isoMs(`${s}.created_at`)} IS NOT NULL
  AND ${s}.quote IS NULL AND ${s}.quoted_status IS NULL
  AND (${s}.account.url IS NULL OR regexp_full_match(${s}.account.url, ${HOST_RE}))
  AND (coalesce(${s}.account.created_at, '') = '' OR ${isoMs(`${s}.account.created_at`)} IS NOT NULL)
  AND NOT ends_with(coalesce(${s}.card.url, ''), '…')
  AND ${all(`${s}.media_attachments`, `m -> coalesce(regexp_full_match(coalesce(m.remote_url, m.url), ${SAFE_URL}), false)`)})`;

/**
 * When the SQL gives what mastodon.ts gives for the line. Not sure, so the importer reads it: a
 * saved thread ({ancestors, descendants}), a status without id/uri, account or an ISO created_at
 * (the importer records why), a boost whose original lacks one of them (the importer skips the
 * original), a quote (Mastodon 4.4's Quote or a fork's quoted_status), an account URL whose host
 * SQL would not read as new URL() does, an account created_at in another form, a link card URL
 * ending in "…", a media attachment without a plain http(s) URL (the importer warns).
 */
const OK = `ancestors IS NULL AND descendants IS NULL AND ${statusOk('bulk_events')}
  AND (reblog IS NULL OR ${statusOk('reblog')})`;

/** Each status of the ok lines with its line: the line's own, then the boosted original. */
const PREPARE = `CREATE OR REPLACE TEMP TABLE md_st AS
  SELECT line, false AS boosted, ${keyOf('reblog')} AS repost_of, reblog IS NOT NULL AS is_boost,
    {id: id, uri: uri, url: url, created_at: created_at, account: account, in_reply_to_id: in_reply_to_id} AS s,
    CASE WHEN reblog IS NOT NULL THEN reblog.content ELSE content END AS content, CASE WHEN reblog IS NOT NULL THEN reblog."language" ELSE "language" END AS "language",
    CASE WHEN reblog IS NOT NULL THEN reblog.tags ELSE tags END AS tags,
    CASE WHEN reblog IS NOT NULL THEN reblog.mentions ELSE mentions END AS mentions,
    CASE WHEN reblog IS NOT NULL THEN reblog.card ELSE card END AS card,
    CASE WHEN reblog IS NOT NULL THEN reblog.media_attachments ELSE media_attachments END AS media_attachments
  FROM bulk_events
  UNION ALL SELECT line, true, NULL, false,
    {id: reblog.id, uri: reblog.uri, url: reblog.url, created_at: reblog.created_at, account: reblog.account, in_reply_to_id: reblog.in_reply_to_id},
    reblog.content, reblog."language", reblog.tags, reblog.mentions, reblog.card, reblog.media_attachments
  FROM bulk_events WHERE reblog IS NOT NULL`;

/**
 * The HTML of the statuses and notes becomes text with the importer's own functions (statusText,
 * htmlToText), once per distinct string: the one step done in JavaScript.
 */
async function htmlTexts(db: SocialDb): Promise<void> {
  const fill = async (table: string, query: string, f: (html: string) => string) => {
    const rows = await db.all<{ h: string }>(query);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${table} (h VARCHAR, t VARCHAR)`);
    const app = await db.conn.createAppender(table);
    for (const { h } of rows) {
      app.appendVarchar(h);
      app.appendVarchar(f(h));
      app.endRow();
    }
    app.closeSync();
  };
  await fill('md_text', "SELECT DISTINCT coalesce(content, '') AS h FROM md_st", statusText);
  await fill('md_note', "SELECT DISTINCT coalesce(s.account.note, '') AS h FROM md_st", htmlToText);
}

const account = (a: string) => `coalesce(${a}.acct, ${a}.username)`;
const accountId = (a: string) =>
  `'mastodon:' || CASE WHEN contains(coalesce(${account(a)}, 'null'), '@') THEN ${account(a)} ELSE coalesce(${account(a)}, 'null') || '@' || ${serverOf(a)} END`;

/**
 * mastodon.ts (Status entities, one a line) in SQL: posts keyed by their URI, a boost pointing at
 * its original (imported too), replies at the server-local id of their parent; hashtags from the
 * tags then the text, mentions from the mentions list, links from the card then the text;
 * media attachments by URL.
 */
export const mastodonBulk: JsonLinesBulkSpec = {
  format: 'mastodon',
  columns: COLUMNS,
  ok: OK,
  lines: true,
  prepare: PREPARE,
  transform: htmlTexts,
  posts: (file) => `SELECT * EXCLUDE (hashtags_all, mentions_all, urls_all, tags_e, mentions_e, card_url),
      list_concat(tags_e, hashtags_all) AS hashtags_all, mentions_e AS mentions_all,
      list_concat(CASE WHEN coalesce(card_url, '') <> '' THEN [card_url] ELSE [] END, urls_all) AS urls_all
    FROM (SELECT ${keyOf('st.s')} AS id, 'mastodon' AS platform, ${accountId('st.s.account')} AS account_id,
      ${account('st.s.account')} AS handle, ${isoMs('st.s.created_at')} AS ts, x.t AS "text",
      nullif(split_part(st."language", '-', 1), '') AS lang, CASE WHEN nullif(split_part(st."language", '-', 1), '') IS NOT NULL THEN 'source' END AS lang_source,
      CASE WHEN st.is_boost THEN st.repost_of END AS repost_of,
      CASE WHEN coalesce(st.s.in_reply_to_id, '') <> '' THEN 'mastodon:' || ${serverOf('st.s.account')} || '#' || st.s.in_reply_to_id END AS reply_to,
      NULL::VARCHAR AS quote_of, NULL::VARCHAR AS country, ${sqlString(file)} || ':' || st.line AS source,
      list_filter(list_transform(st.tags, tg -> lower(tg."name")), x -> coalesce(x, '') <> '') AS tags_e,
      list_filter(list_transform(st.mentions, m -> lower(m.acct)), x -> coalesce(x, '') <> '') AS mentions_e,
      st.card.url AS card_url,
      ${textEntitiesSql('x.t')}
      FROM md_st st JOIN md_text x ON x.h = coalesce(st.content, ''))`,
  accounts: `SELECT ${accountId('st.s.account')} AS id, 'mastodon' AS platform, ${account('st.s.account')} AS handle,
      st.s.account.display_name AS "name", ${isoMs('st.s.account.created_at')} AS created,
      st.s.account.followers_count::BIGINT AS followers, st.s.account.following_count::BIGINT AS friends,
      st.s.account.statuses_count::BIGINT AS statuses, NULL::VARCHAR AS "location", n.t AS description,
      NULL::BOOLEAN AS default_profile,
      CASE WHEN coalesce(st.s.account.avatar, '') <> '' THEN contains(st.s.account.avatar, 'missing') END AS default_image,
      NULL::BOOLEAN AS verified, NULL::VARCHAR AS country, NULL::VARCHAR AS country_source
    FROM md_st st JOIN md_note n ON n.h = coalesce(st.s.account.note, '')`,
  media: `SELECT ${keyOf('s')} AS post_id, 'mastodon' AS platform, ${isoMs('s.created_at')} AS ts, coalesce(m."type", 'unknown') AS kind,
      nullif(regexp_extract(regexp_extract(coalesce(m.remote_url, m.url), '^https?://[^/]+(/.*)?$', 1), '[^/]*$'), '') AS "name",
      NULL::VARCHAR AS md5, NULL::VARCHAR AS sha256, NULL::BIGINT AS size, coalesce(m.remote_url, m.url) AS url,
      NULL::VARCHAR AS path, NULL::VARCHAR AS cid, NULL::VARCHAR AS mime, NULL::VARCHAR AS dhash
    FROM (SELECT s, unnest(media_attachments) AS m FROM md_st)`,
  cleanup: 'DROP TABLE IF EXISTS md_st; DROP TABLE IF EXISTS md_text; DROP TABLE IF EXISTS md_note',
};
