import type { Migration } from '../migrations.js';

/**
 * `leaklens_tsv(text)`: the tsvector of a full-text column on PostgreSQL, from either form a writer
 * sends (issue #15, team ingest speed). A value that starts with U+0001 is a tsvector literal the
 * writer built itself (`tsvectorLiteral` in sql/ingest-records.ts: lexemes and their positions),
 * which PostgreSQL only has to read; any other value is index text, given to `to_tsvector('simple',
 * …)` as before. Both give the same tsvector (the writer builds a literal only for text whose
 * tokens PostgreSQL's parser is known to read one for one); reading a literal costs the database
 * about half of parsing the text, and the database is the part a team ingest shares. A SQL
 * function of one CASE, inlined by the planner; U+0001 never occurs in index text (letters,
 * digits and spaces).
 */
export const PG_FTS_LITERAL: Migration = {
  id: 14,
  name: 'pg-fts-literal',
  postgres: `
CREATE OR REPLACE FUNCTION leaklens_tsv(t text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN left(t, 1) = chr(1) THEN substr(t, 2)::tsvector ELSE to_tsvector('simple'::regconfig, t) END $$;
`,
};
