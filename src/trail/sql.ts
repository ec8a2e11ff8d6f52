/**
 * The statements of the trail (issue #14). The dump side is read from the case database (SQLite or
 * PostgreSQL, shared subset); the posts side runs in the campaign DuckDB (`social.duckdb`).
 */

/**
 * E-mails and documents with what the join needs: hashes, names and text (body, extracted/OCR
 * text), ordered by `orderById` (the id by code point on either engine, has-table.ts byCodePoint).
 */
export const selectDumpItems = (
  orderById: string,
): string => `SELECT i.id, i.kind, i.sha256, i.size, i.mime, i.name,
  e.subject, e.text AS email_text, e.html_text, d.filename, d.text AS doc_text
  FROM items i LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id
  WHERE i.kind IN ('Email', 'Document') ORDER BY ${orderById}`;

/** Cache of hashes computed from blob bytes (MD5 is not stored by ingest; dHash only for images). */
export const CREATE_BLOB_HASHES = `CREATE TABLE IF NOT EXISTS trail_blob_hashes (sha256 VARCHAR, md5 VARCHAR, dhash VARCHAR)`;
export const SELECT_BLOB_HASHES = 'SELECT sha256, md5, dhash FROM trail_blob_hashes';
export const INSERT_BLOB_HASH = 'INSERT INTO trail_blob_hashes VALUES ($1, $2, $3)';

/** The named hosts (file hosts, paste sites, archives) as a temp table filled from link-kinds.ts. */
export const CREATE_HOSTS =
  'CREATE OR REPLACE TEMP TABLE trail_hosts (domain VARCHAR, kind VARCHAR, label VARCHAR)';
export const INSERT_HOST = 'INSERT INTO trail_hosts VALUES ($1, $2, $3)';

/** What the trail's cache was computed from: when any count changes, it is recomputed. */
export const COUNT_DUMP_ITEMS = "SELECT count(*) AS n FROM items WHERE kind IN ('Email', 'Document')";
export const TRAIL_INPUTS =
  'SELECT (SELECT count(*) FROM posts) AS posts, (SELECT count(*) FROM media) AS media';

/**
 * The item ties of the last `leaklens trail`, so the workbench's item page reads one item's posts
 * without recomputing the join (17M posts take minutes).
 */
export const CREATE_TRAIL_CACHE = `CREATE OR REPLACE TABLE trail_links (item_id VARCHAR, post_id VARCHAR, platform VARCHAR, ts BIGINT,
  handle VARCHAR, via VARCHAR, kind VARCHAR, detail VARCHAR, value VARCHAR);
  CREATE OR REPLACE TABLE trail_cache (fingerprint VARCHAR)`;
export const SELECT_TRAIL_FINGERPRINT = 'SELECT fingerprint FROM trail_cache';
export const INSERT_TRAIL_FINGERPRINT = 'INSERT INTO trail_cache VALUES ($1)';
export const SELECT_ITEM_LINKS = `SELECT post_id, platform, ts, handle, via, kind, detail, value FROM trail_links
  WHERE item_id = $1 ORDER BY ts, post_id, kind, value, via, detail`;
