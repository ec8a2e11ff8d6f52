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

/**
 * The columns of a table of this case, in order (empty when it does not exist): readers of an
 * area's table whose columns vary between versions look them up.
 * @example await tableColumns(store.db, 'duplicates') // ['group_id', 'item_id', …]
 */
export async function tableColumns(db: SqlDb, name: string): Promise<string[]> {
  // Kept once the table exists: its columns change only by a migration, applied before a
  // server starts (on PostgreSQL the lookup is a view over the whole catalogue, and the item page
  // asked it on every view).
  let byTable = columnsOf.get(db);
  if (!byTable) {
    byTable = new Map();
    columnsOf.set(db, byTable);
  }
  const had = byTable.get(name);
  if (had) return had;
  const rows =
    db.dialect === 'sqlite'
      ? await db.all<{ name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid', [name])
      : await db.all<{ name: string }>(
          `SELECT column_name AS name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
          [name],
        );
  const cols = rows.map((r) => r.name);
  if (cols.length) byTable.set(name, cols);
  return cols;
}
const columnsOf = new WeakMap<SqlDb, Map<string, string[]>>();

/**
 * `expr` as an ORDER BY term that sorts text by code point on both engines, as SQLite's BINARY
 * collation does: a PostgreSQL database's default collation may be a locale's, which orders
 * `a-b` and `ab` differently and would make a list differ between a laptop and a team case.
 * @example `ORDER BY ${byCodePoint(db, 'provenance')}`
 */
export function byCodePoint(db: SqlDb, expr: string): string {
  return db.dialect === 'postgres' ? `${expr} COLLATE "C"` : expr;
}
