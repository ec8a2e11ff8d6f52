import type Database from 'better-sqlite3';

const tableCache = new WeakMap<Database.Database, Map<string, boolean>>();

/**
 * Whether a table (or view) of another area exists in this case: readers degrade when an analysis
 * has not run. Only positives are cached, since another process may create the table later.
 */
export function hasTable(db: Database.Database, name: string): boolean {
  let m = tableCache.get(db);
  if (!m) {
    m = new Map();
    tableCache.set(db, m);
  }
  if (m.get(name)) return true;
  const row = db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?").get(name);
  if (row) m.set(name, true);
  return row !== undefined;
}

/** Parses a JSON column, falling back when it is absent or broken. */
export function parseJson<T>(s: string | null | undefined, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}
