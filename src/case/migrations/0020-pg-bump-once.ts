import type { Migration } from '../migrations.js';
import { FACET_SOURCE_TABLES } from './0016-pg-search-writes.js';
import { CASE_WRITES_WHEN, caseWritesTriggers, dollar } from './0019-pg-case-writes.js';

/** Whether the transaction has not bumped `search_writes` yet (migration 16's setting). */
const SEARCH_WRITES_WHEN = "current_setting('leaklens.search_bumped', true) IS DISTINCT FROM 'on'";

/**
 * The write-version triggers of migrations 16 (`search_writes`) and 19 (`case_writes`) with a
 * WHEN on the transaction's own setting: each bump already happened once per transaction, but the
 * statement triggers called their plpgsql function after every write statement, which found the
 * setting and returned. A team worker's group commit is a dozen statements (one per table) and
 * fired two such calls for each; with the condition the executor checks the setting itself and
 * queues no trigger event. What moves the versions, and when, is unchanged: the first write
 * statement of a transaction still bumps both counters (test/case/case-writes.test.ts).
 */
export const PG_BUMP_ONCE: Migration = {
  id: 20,
  name: 'pg-bump-once',
  postgres: `
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND g.tgname = c.relname || '_case_writes'
        AND c.relname <> 'meta'
  LOOP
    -- meta's are row triggers (below); every other table's, statement triggers.
    EXECUTE replace(${dollar(caseWritesTriggers('%T%'))}, '%T%', quote_ident(t));
  END LOOP;
END $$;
DROP TRIGGER IF EXISTS meta_case_writes ON meta;
CREATE TRIGGER meta_case_writes AFTER INSERT OR UPDATE ON meta
  FOR EACH ROW WHEN (NEW.key NOT LIKE 'overview-cache:%' AND ${CASE_WRITES_WHEN}) EXECUTE FUNCTION case_writes_bump();
DROP TRIGGER IF EXISTS meta_case_writes_delete ON meta;
CREATE TRIGGER meta_case_writes_delete AFTER DELETE ON meta
  FOR EACH ROW WHEN (OLD.key NOT LIKE 'overview-cache:%' AND ${CASE_WRITES_WHEN}) EXECUTE FUNCTION case_writes_bump();
${FACET_SOURCE_TABLES.map(
  (t) => `DROP TRIGGER IF EXISTS ${t}_search_writes ON ${t};
CREATE TRIGGER ${t}_search_writes AFTER INSERT OR UPDATE OR DELETE ON ${t}
  FOR EACH STATEMENT WHEN (${SEARCH_WRITES_WHEN}) EXECUTE FUNCTION search_writes_bump();`,
).join('\n')}
DROP TRIGGER IF EXISTS meta_search_writes ON meta;
CREATE TRIGGER meta_search_writes AFTER INSERT OR UPDATE ON meta
  FOR EACH ROW WHEN (NEW.key LIKE 'stage-run:%' AND ${SEARCH_WRITES_WHEN}) EXECUTE FUNCTION search_writes_bump();
DROP TRIGGER IF EXISTS meta_search_writes_delete ON meta;
CREATE TRIGGER meta_search_writes_delete AFTER DELETE ON meta
  FOR EACH ROW WHEN (OLD.key LIKE 'stage-run:%' AND ${SEARCH_WRITES_WHEN}) EXECUTE FUNCTION search_writes_bump();
`,
};
