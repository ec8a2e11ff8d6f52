import type { Migration } from '../migrations.js';

/**
 * Indexes for PostgreSQL's search (issue #15, search p95), on new and existing team cases:
 * - `items_date_order`: the items newest first, in the search's exact order (undated last, then
 *   date descending, then id), so that a date-ordered page of a common word reads a few dozen
 *   items in order instead of joining and sorting every hit (search/plan.ts, DATE_WALK_MIN).
 * - trigram indexes on the addresses and the folded names, which serve `from:` and `to:` (a
 *   case-insensitive "contains": `ILIKE '%jean%'`) without reading every address of the case;
 * - the ids of the e-mails with attachments (`has:attachment`, a fifth of the benchmark's), read
 *   whole from the index instead of looking up each hit's e-mail by its text id.
 * `pg_trgm` ships with PostgreSQL's contrib modules, like `unaccent` (migration 2). A lock held to
 * the end of the migration's transaction lets the first case of a database create the extension
 * while cases opened at the same moment wait, instead of failing on its duplicate catalog row.
 */
export const PG_SEARCH_ORDER: Migration = {
  id: 12,
  name: 'pg-search-order',
  postgres: `
SELECT pg_advisory_xact_lock(hashtext('leaklens:create-extension'));
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX IF NOT EXISTS items_date_order ON items ((date IS NULL), date DESC, id);
CREATE INDEX IF NOT EXISTS addresses_address_trgm ON addresses USING gin (address public.gin_trgm_ops);
CREATE INDEX IF NOT EXISTS addresses_name_trgm ON addresses USING gin (lower(name) public.gin_trgm_ops);
CREATE INDEX IF NOT EXISTS emails_with_attachments ON emails (id) WHERE attachment_count > 0;
`,
};
