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
      : // to_regclass, not information_schema.tables: a catalogue lookup (0.1 ms), not a view over
        // every table of the database (1 ms and more, asked on each search while a table is absent).
        await db.get(
          "SELECT 1 AS x WHERE to_regclass(format('%I.%I', current_schema(), ?::text)) IS NOT NULL",
          [name],
        );
  if (row) m.add(name);
  return row !== undefined;
}
