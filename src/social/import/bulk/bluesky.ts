import { sqlString } from '../../db.js';
import type { JsonLinesBulkSpec } from './json-lines.js';
import { JS_SPACE, textEntitiesSql } from './sql-text.js';

const IMAGE =
  'STRUCT(image STRUCT(ref STRUCT("$link" VARCHAR), cid VARCHAR, "mimeType" VARCHAR, size VARCHAR))[]';
const FEATURES = 'STRUCT(features STRUCT("$type" VARCHAR, tag VARCHAR, uri VARCHAR)[])[]';
/** The fields bluesky.ts and fedi-media.ts read from a Jetstream event. */
const COLUMNS = `{did: 'VARCHAR', time_us: 'VARCHAR', kind: 'VARCHAR', identity: 'STRUCT(handle VARCHAR)',
  "commit": 'STRUCT(operation VARCHAR, collection VARCHAR, rkey VARCHAR, record STRUCT("createdAt" VARCHAR, "text" VARCHAR,
    langs JSON, facets ${FEATURES}, reply STRUCT(parent STRUCT(uri VARCHAR)), subject STRUCT(uri VARCHAR),
    embed STRUCT(record STRUCT(uri VARCHAR, record STRUCT(uri VARCHAR)), external STRUCT(uri VARCHAR),
      media STRUCT(external STRUCT(uri VARCHAR), images ${IMAGE}, video JSON), images ${IMAGE}, video JSON)))'}`;

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';
const r = '"commit".record';
/** toMs of an ISO createdAt (the forms it reads the same way), else of time_us (whole microseconds). */
const created = `CASE WHEN regexp_full_match(${r}."createdAt", '\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})')
  THEN epoch_ms(TRY_CAST(${r}."createdAt" AS TIMESTAMPTZ)) END`;
const isPost = `(kind = 'commit' AND "commit".operation IN ('create', 'update') AND "commit".collection IN ('${POST}', '${REPOST}'))`;
const images = `CASE WHEN ${r}.embed.media IS NOT NULL THEN ${r}.embed.media.images ELSE ${r}.embed.images END`;
const cidOf = (i: string) => `coalesce(${i}.image.ref."$link", ${i}.image.cid)`;
const feats = `flatten(list_transform(coalesce(${r}.facets, []), f -> coalesce(f.features, [])))`;
const feat = (type: string, key: string) =>
  `list_transform(list_filter(${feats}, f -> f."$type" = 'app.bsky.richtext.facet#${type}' AND coalesce(f.${key}, '') <> ''), f -> f.${key})`;
const externals = `list_filter([${r}.embed.external.uri, ${r}.embed.media.external.uri], u -> coalesce(u, '') <> '')`;

/** toMs of time_us: whole microseconds (or seconds, milliseconds: toMs tells them by size) exact in a double. */
const timeUs = `CASE WHEN regexp_full_match(time_us, '\\d{1,16}') AND TRY_CAST(time_us AS BIGINT) <= 9007199254740991 THEN
  CASE WHEN TRY_CAST(time_us AS BIGINT) > 100000000000000 THEN TRY_CAST(time_us AS BIGINT) // 1000 WHEN TRY_CAST(time_us AS BIGINT) > 100000000000 THEN TRY_CAST(time_us AS BIGINT)
  ELSE TRY_CAST(time_us AS BIGINT) * 1000 END END`;

/**
 * When the SQL gives what bluesky.ts gives for the line. Not sure, so the importer reads it: an
 * event without did, a post or repost without record, rkey or subject, a createdAt in another
 * form, a langs entry that is not a string, a link that ends in "…" (the text's are dropped, the
 * facets' kept), a video, an image without a blob CID (the importer warns, with the line), an
 * image size that is not a whole number.
 */
const OK = `coalesce(did, '') <> '' AND (NOT ${isPost} OR (
    ${r} IS NOT NULL AND coalesce("commit".rkey, '') <> ''
    AND coalesce(${created}, CASE WHEN coalesce(${r}."createdAt", '') = '' THEN ${timeUs} END) IS NOT NULL
    AND ("commit".collection = '${POST}' OR coalesce(${r}.subject.uri, '') <> '')
    AND (json_type(${r}.langs) IS DISTINCT FROM 'ARRAY' OR json_array_length(${r}.langs) = 0 OR json_type(${r}.langs, '$[0]') IN ('VARCHAR', 'NULL'))
    AND NOT list_bool_or(list_transform(list_concat(${feat('link', 'uri')}, ${externals}), u -> ends_with(u, '…')))
    AND ${r}.embed.video IS NULL AND ${r}.embed.media.video IS NULL
    AND coalesce(list_bool_and(list_transform(${images}, i -> regexp_full_match(coalesce(${cidOf('i')}, ''), '(?i)[a-z0-9]{20,100}')
      AND (i.image.size IS NULL OR regexp_full_match(i.image.size, '\\d{1,15}')))), true)))`;

/** The posts of the file's sure lines, one a line, with the columns bluesky.ts's Post gives. */
const events = `SELECT 'bsky:at://' || did || '/' || "commit".collection || '/' || "commit".rkey AS id, 'bsky:' || did AS account_id,
    coalesce(${created}, ${timeUs}) AS ts, "commit".collection = '${REPOST}' AS is_repost, ${r} AS rec
  FROM bulk_events WHERE ${isPost}`;

const langOf = `nullif(split_part(CASE WHEN json_type(rec.langs) = 'ARRAY' THEN rec.langs->>'$[0]' END, '-', 1), '')`;
const MENTION = `'(?:^|[${JS_SPACE}])@([A-Za-z0-9][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+)+)'`;

/**
 * bluesky.ts (Bluesky Jetstream events, one a line) in SQL: posts keyed by their at:// URI,
 * reposts pointing at their subject, replies at their parent, quotes at the embedded record;
 * hashtags from tag facets then the text, mentions of handles in the text, links from link
 * facets, the text and link cards; images by blob CID; identity events give handles.
 */
export const blueskyBulk: JsonLinesBulkSpec = {
  format: 'bluesky-jetstream',
  columns: COLUMNS,
  ok: OK,
  posts: (file) => `SELECT * EXCLUDE (hashtags_all, mentions_all, urls_all, rec, is_repost, tags_f, links_f),
      CASE WHEN is_repost THEN [] ELSE list_concat(tags_f, hashtags_all) END AS hashtags_all,
      CASE WHEN is_repost THEN [] ELSE list_transform(regexp_extract_all("text", ${MENTION}, 1), x -> lower(x)) END AS mentions_all,
      CASE WHEN is_repost THEN [] ELSE list_concat(links_f, urls_all, ${externals.replaceAll(r, 'rec')}) END AS urls_all
    FROM (SELECT id, 'bluesky' AS platform, account_id, NULL::VARCHAR AS handle, ts,
      CASE WHEN is_repost THEN '' ELSE coalesce(rec."text", '') END AS "text",
      CASE WHEN is_repost THEN NULL ELSE ${langOf} END AS lang,
      CASE WHEN NOT is_repost AND (${langOf}) IS NOT NULL THEN 'source' END AS lang_source,
      CASE WHEN is_repost THEN 'bsky:' || rec.subject.uri END AS repost_of,
      CASE WHEN NOT is_repost AND coalesce(rec.reply.parent.uri, '') <> '' THEN 'bsky:' || rec.reply.parent.uri END AS reply_to,
      CASE WHEN NOT is_repost AND coalesce(coalesce(rec.embed.record.uri, rec.embed.record.record.uri), '') <> ''
        THEN 'bsky:' || coalesce(rec.embed.record.uri, rec.embed.record.record.uri) END AS quote_of,
      NULL::VARCHAR AS country, ${sqlString(file)} AS source, rec, is_repost,
      list_transform(${feat('tag', 'tag').replaceAll(r, 'rec')}, x -> lower(x)) AS tags_f, ${feat('link', 'uri').replaceAll(r, 'rec')} AS links_f,
      ${textEntitiesSql('coalesce(rec."text", \'\')')}
      FROM (${events}))`,
  accounts: `SELECT DISTINCT id, 'bluesky' AS platform, handle, NULL::VARCHAR AS "name", NULL::BIGINT AS created,
      NULL::BIGINT AS followers, NULL::BIGINT AS friends, NULL::BIGINT AS statuses, NULL::VARCHAR AS "location",
      NULL::VARCHAR AS description, NULL::BOOLEAN AS default_profile, NULL::BOOLEAN AS default_image,
      NULL::BOOLEAN AS verified, NULL::VARCHAR AS country, NULL::VARCHAR AS country_source
    FROM (SELECT 'bsky:' || did AS id, identity.handle AS handle FROM bulk_events WHERE coalesce(identity.handle, '') <> ''
      UNION ALL SELECT 'bsky:' || did, NULL FROM bulk_events WHERE ${isPost})`,
  media: `SELECT id AS post_id, 'bluesky' AS platform, ts, 'image' AS kind, NULL::VARCHAR AS "name", NULL::VARCHAR AS md5,
      NULL::VARCHAR AS sha256, TRY_CAST(i.image.size AS BIGINT) AS size, NULL::VARCHAR AS url, NULL::VARCHAR AS path,
      ${cidOf('i')} AS cid, i.image."mimeType" AS mime, NULL::VARCHAR AS dhash
    FROM (SELECT id, ts, unnest(${images.replaceAll(r, 'rec')}) AS i FROM (${events}) WHERE NOT is_repost)`,
};
