/**
 * The statements of the trail (issue #14). The dump side is read from the case database (SQLite or
 * PostgreSQL, shared subset); the posts side runs in the campaign DuckDB (`social.duckdb`).
 */

/** E-mails and documents with what the join needs: hashes, names and text (body, extracted/OCR text). */
export const SELECT_DUMP_ITEMS = `SELECT i.id, i.kind, i.sha256, i.size, i.mime, i.name,
  e.subject, e.text AS email_text, e.html_text, d.filename, d.text AS doc_text
  FROM items i LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id
  WHERE i.kind IN ('Email', 'Document') ORDER BY i.id`;

/** Cache of hashes computed from blob bytes (MD5 is not stored by ingest; dHash only for images). */
export const CREATE_BLOB_HASHES = `CREATE TABLE IF NOT EXISTS trail_blob_hashes (sha256 VARCHAR, md5 VARCHAR, dhash VARCHAR)`;
export const SELECT_BLOB_HASHES = 'SELECT sha256, md5, dhash FROM trail_blob_hashes';
export const INSERT_BLOB_HASH = 'INSERT INTO trail_blob_hashes VALUES ($1, $2, $3)';

/**
 * Words of a text, as both sides are normalised: lower case, accents stripped, split on anything
 * that is not a letter or a digit (RE2 Unicode classes). "Très   CHER," and "tres cher" are the
 * same two words.
 */
export const WORDS_MACRO = `CREATE OR REPLACE TEMP MACRO trail_words(t) AS
  list_filter(regexp_split_to_array(strip_accents(lower(t)), '[^\\p{L}\\p{N}]+'), w -> w <> '')`;

/**
 * Shingles: one 64-bit hash per run of `n` consecutive words, with its position. DuckDB's `hash`
 * is the same function on both sides, so a run of the dump and the same run in a post meet in a
 * hash join — no scan of every (post, item) pair.
 */
export function shingleSql(rel: string, key: string, n: number): string {
  return `SELECT ${key} AS k, i AS pos, hash(array_to_string(w[i + 1 : i + ${n}], ' ')) AS h
    FROM (SELECT ${key}, w, unnest(range(0, len(w) - ${n - 1})) AS i
          FROM (SELECT ${key}, trail_words(txt) AS w FROM ${rel}) WHERE len(w) >= ${n})`;
}

/** The named hosts (file hosts, paste sites, archives) as a temp table filled from link-kinds.ts. */
export const CREATE_HOSTS =
  'CREATE OR REPLACE TEMP TABLE trail_hosts (domain VARCHAR, kind VARCHAR, label VARCHAR)';
export const INSERT_HOST = 'INSERT INTO trail_hosts VALUES ($1, $2, $3)';
