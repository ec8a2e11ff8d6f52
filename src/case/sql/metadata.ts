/**
 * Statements of the metadata stage (src/analyze/metadata-outliers.ts, src/analyze/people.ts,
 * src/meta/doc-rows.ts), in the subset SQLite and PostgreSQL share. `people` is made by
 * migration 6 (src/case/migrations/0006-people.ts).
 */

/**
 * Every document with its metadata and, for an attachment, the date of the earliest e-mail that
 * carries it (of every place it was found: an item's own parent is the first place a writer saw,
 * which on a team case depends on which worker finished first).
 */
export const DOC_ROWS = `SELECT d.id, d.filename, d.language, d.metadata_json, length(d.text) AS text_length, coalesce(i.size, 0) AS size,
    (SELECT min(e.date) FROM locations l JOIN emails e ON e.id = l.parent_id WHERE l.item_id = d.id) AS email_date
  FROM documents d LEFT JOIN items i ON i.id = d.id ORDER BY d.id`;

export const EMAIL_COUNT = 'SELECT count(*) AS n FROM emails';

/**
 * An even sample of e-mail bodies: every `?`-th row, at most `?` rows. SQLite numbers the
 * `emails` rows themselves; a PostgreSQL case numbers its items (emails has no rowid there), so
 * past the sample size the two pick different, equally spread messages.
 */
export const MAIL_SAMPLE = {
  sqlite:
    "SELECT substr(CASE WHEN text != '' THEN text ELSE html_text END, 1, 2000) AS t FROM emails WHERE rowid % ? = 0 LIMIT ?",
  postgres: `SELECT substr(CASE WHEN e.text != '' THEN e.text ELSE e.html_text END, 1, 2000) AS t
    FROM emails e JOIN items i ON i.id = e.id WHERE i.rowid % ? = 0 ORDER BY i.rowid LIMIT ?`,
};

export const METADATA_FLAGS = "SELECT item_id, kind, evidence_json FROM flags WHERE stage = 'metadata'";

/**
 * Every address of every e-mail, in key order: the first name seen for an address names its
 * person, so the order must not depend on which process ingested which file first.
 */
export const ADDRESS_ROWS = `SELECT a.item_id, a.role, a.address, a.name, e.date, e.subject FROM addresses a
  LEFT JOIN emails e ON e.id = a.item_id ORDER BY a.item_id, a.role, a.address`;

export const DELETE_PEOPLE = 'DELETE FROM people';

export const INSERT_PERSON = `INSERT INTO people(key, name, addresses_json, roles_json, documents, emails, examples_json, first_date, last_date,
    writing_system, app_languages_json, timezones_json, flags_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`;
