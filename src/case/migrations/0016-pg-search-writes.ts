import type { Migration } from '../migrations.js';

/** The tables a search's facets read (search/facet-index.ts SPECS): a write to one moves the version. */
export const FACET_SOURCE_TABLES = ['items', 'emails', 'documents', 'addresses', 'verdicts', 'doc_types'];

/**
 * A version of what a team case's searches read, for the facet index a server process keeps in
 * memory (search/pg-facet-index.ts; issue #12): each write transaction to a table the facets read
 * adds one to the row of the server process (backend) that wrote it, and the version a reader sees
 * is the sum and the number of those rows, read in its own snapshot. So it moves exactly when a
 * write it can see committed (row counts only grow, and PostgreSQL's snapshots see more commits
 * as time goes on), and it never blocks writers: each backend writes its own row (one counter row
 * for every writer would make concurrent ingest workers wait for each other's commits).
 * Once per transaction (a setting local to it marks the bump), statement-level, so an ingest
 * batch of thousands of rows pays for one upsert. `meta` counts only for the stage-run stamps
 * (stage-ran.ts) that decide whether a facet of another stage is shown, not the overview's cache.
 */
export const PG_SEARCH_WRITES: Migration = {
  id: 16,
  name: 'pg-search-writes',
  postgres: `
CREATE TABLE IF NOT EXISTS search_writes (backend BIGINT PRIMARY KEY, n BIGINT NOT NULL);
CREATE OR REPLACE FUNCTION search_writes_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('leaklens.search_bumped', true), '') <> 'on' THEN
    INSERT INTO search_writes AS w (backend, n) VALUES (pg_backend_pid(), 1)
      ON CONFLICT (backend) DO UPDATE SET n = w.n + 1;
    PERFORM set_config('leaklens.search_bumped', 'on', true);
  END IF;
  RETURN NULL;
END $$;
${FACET_SOURCE_TABLES.map(
  (t) => `DROP TRIGGER IF EXISTS ${t}_search_writes ON ${t};
CREATE TRIGGER ${t}_search_writes AFTER INSERT OR UPDATE OR DELETE ON ${t}
  FOR EACH STATEMENT EXECUTE FUNCTION search_writes_bump();
DROP TRIGGER IF EXISTS ${t}_search_writes_truncate ON ${t};
CREATE TRIGGER ${t}_search_writes_truncate AFTER TRUNCATE ON ${t}
  FOR EACH STATEMENT EXECUTE FUNCTION search_writes_bump();`,
).join('\n')}
DROP TRIGGER IF EXISTS meta_search_writes ON meta;
CREATE TRIGGER meta_search_writes AFTER INSERT OR UPDATE ON meta
  FOR EACH ROW WHEN (NEW.key LIKE 'stage-run:%') EXECUTE FUNCTION search_writes_bump();
DROP TRIGGER IF EXISTS meta_search_writes_delete ON meta;
CREATE TRIGGER meta_search_writes_delete AFTER DELETE ON meta
  FOR EACH ROW WHEN (OLD.key LIKE 'stage-run:%') EXECUTE FUNCTION search_writes_bump();
`,
};
