import type { Migration } from '../migrations.js';

/**
 * PostgreSQL's full-text index (SQLite has its FTS5 table in the core migration). One row per
 * item, keyed by `items.rowid` like FTS5, holding tsvectors of the tokens ingest already normalised
 * and stemmed (French and English snowball, diacritics removed: search/normalize.ts), under the
 * `simple` configuration so they are not stemmed twice. GIN indexes serve `@@` matches. `unaccent`
 * is installed for queries typed by people (folding accents the same way before lookup).
 */
export const PG_SEARCH: Migration = {
  id: 2,
  name: 'pg-search',
  postgres: `
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE TABLE IF NOT EXISTS fts (
  rowid BIGINT PRIMARY KEY,
  subject tsvector NOT NULL,
  body tsvector NOT NULL,
  names tsvector NOT NULL,
  people tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS fts_subject ON fts USING gin(subject);
CREATE INDEX IF NOT EXISTS fts_body ON fts USING gin(body);
CREATE INDEX IF NOT EXISTS fts_names ON fts USING gin(names);
CREATE INDEX IF NOT EXISTS fts_people ON fts USING gin(people);
`,
};
