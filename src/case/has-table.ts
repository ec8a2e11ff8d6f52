import type { SqlDb } from './sql-db.js';

/** Positives only: another process may create the table later (an analysis that runs). */
const known = new WeakMap<SqlDb, Set<string>>();

/**
 * Whether a table of another area exists in this case (readers leave out what an analysis has not
 * produced yet). On PostgreSQL, in the case's own schema (the first of the search path).
 * @example await tableExists(store.db, 'verdicts') // false before `leaklens verify`
 */
export async function tableExists(db: SqlDb, name: string): Promise<boolean> {
  let m = known.get(db);
  if (!m) {
    m = new Set();
    known.set(db, m);
  }
  if (m.has(name)) return true;
  const row =
    db.dialect === 'sqlite'
      ? await db.get("SELECT 1 AS x FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [name])
      : await db.get(
          'SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
          [name],
        );
  if (row) m.add(name);
  return row !== undefined;
}
