import type { Migration } from '../migrations.js';

/**
 * Tables of a team case whose writes change no search answer: the accounts (users, sessions,
 * login counters), the audit log (every search writes one row), saved searches, and the version
 * tables themselves. `meta` counts except the overview's cache (`overview-cache:*`), which the
 * workbench writes when a page is read. Every other table counts, a table added by a later
 * migration too once that migration calls `caseWritesTriggers` (test/case/case-writes.test.ts
 * fails for a table of the case that has neither a trigger nor a place in this list).
 */
export const CASE_WRITES_NEUTRAL: readonly string[] = [
  'audit_log',
  'sessions',
  'users',
  'login_attempts',
  'saved_searches',
  'schema_migrations',
  'search_writes',
  'case_writes',
  'meta',
];

/**
 * The triggers that move the case's write version on `table` (once per writing transaction,
 * statement-level), for any migration after 20 that adds a table: as migration 20 left them, the
 * bump's function called only until the transaction has bumped (CASE_WRITES_WHEN).
 */
export function caseWritesTriggers(table: string): string {
  return `DROP TRIGGER IF EXISTS ${table}_case_writes ON ${table};
CREATE TRIGGER ${table}_case_writes AFTER INSERT OR UPDATE OR DELETE ON ${table}
  FOR EACH STATEMENT WHEN (${CASE_WRITES_WHEN}) EXECUTE FUNCTION case_writes_bump();
DROP TRIGGER IF EXISTS ${table}_case_writes_truncate ON ${table};
CREATE TRIGGER ${table}_case_writes_truncate AFTER TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION case_writes_bump();`;
}

/**
 * Whether the transaction has not bumped the case's write version yet: the condition migration 20
 * puts on the statement triggers, evaluated by the executor, so that the statements after the
 * first of a transaction (a worker's group commit is a dozen) do not call the plpgsql function,
 * which would only find the same setting and return.
 */
export const CASE_WRITES_WHEN = "current_setting('leaklens.case_bumped', true) IS DISTINCT FROM 'on'";

/** Migration 19's triggers, as it landed (migration 20 replaces them): a landed migration is never edited. */
function caseWritesTriggers19(table: string): string {
  return `DROP TRIGGER IF EXISTS ${table}_case_writes ON ${table};
CREATE TRIGGER ${table}_case_writes AFTER INSERT OR UPDATE OR DELETE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION case_writes_bump();
DROP TRIGGER IF EXISTS ${table}_case_writes_truncate ON ${table};
CREATE TRIGGER ${table}_case_writes_truncate AFTER TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION case_writes_bump();`;
}

/**
 * The write version of a whole team case, for the search answers a server process keeps
 * (web/routes/search.ts): migration 16's `search_writes` counts only the tables the facets read,
 * so that an annotation or a thread does not throw away the facet index; a whole answer also
 * depends on tags (`tag:`), threads, duplicates, entities, flags, OCR text… So `case_writes` is
 * the same counter over every table of the case but CASE_WRITES_NEUTRAL: each write transaction
 * adds one to the row of its backend (no row shared by concurrent writers, so ingest workers do not
 * queue on it), and the version a reader sees is the sum and number of rows in its snapshot
 * (CASE_WRITES_VERSION_SQL), which moves exactly when a write it can see has committed.
 * The triggers go on the tables present when the migration runs (every table of a team case is
 * made by a migration, before any server or worker starts on it).
 */
export const PG_CASE_WRITES: Migration = {
  id: 19,
  name: 'pg-case-writes',
  postgres: `
CREATE TABLE IF NOT EXISTS case_writes (backend BIGINT PRIMARY KEY, n BIGINT NOT NULL);
CREATE OR REPLACE FUNCTION case_writes_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('leaklens.case_bumped', true), '') <> 'on' THEN
    INSERT INTO case_writes AS w (backend, n) VALUES (pg_backend_pid(), 1)
      ON CONFLICT (backend) DO UPDATE SET n = w.n + 1;
    PERFORM set_config('leaklens.case_bumped', 'on', true);
  END IF;
  RETURN NULL;
END $$;
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
        AND c.relname <> ALL (ARRAY[${CASE_WRITES_NEUTRAL.map((t) => `'${t}'`).join(', ')}])
  LOOP
    EXECUTE replace(${dollar(caseWritesTriggers19('%T%'))}, '%T%', quote_ident(t));
  END LOOP;
END $$;
DROP TRIGGER IF EXISTS meta_case_writes ON meta;
CREATE TRIGGER meta_case_writes AFTER INSERT OR UPDATE ON meta
  FOR EACH ROW WHEN (NEW.key NOT LIKE 'overview-cache:%') EXECUTE FUNCTION case_writes_bump();
DROP TRIGGER IF EXISTS meta_case_writes_delete ON meta;
CREATE TRIGGER meta_case_writes_delete AFTER DELETE ON meta
  FOR EACH ROW WHEN (OLD.key NOT LIKE 'overview-cache:%') EXECUTE FUNCTION case_writes_bump();
`,
};

/** A dollar-quoted string literal (the trigger SQL holds no `$q$`). */
export function dollar(s: string): string {
  return `$q$${s}$q$`;
}

/** The write version of a team case in the reader's snapshot (see PG_CASE_WRITES). */
export const CASE_WRITES_VERSION_SQL = `SELECT coalesce(sum(n), 0)::text || ':' || count(*)::text || ':' || 'case_writes'::regclass::oid::text FROM case_writes`;
