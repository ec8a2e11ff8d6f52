import type Database from 'better-sqlite3';
import type { Store } from '../store/store.js';

/**
 * A value computed over the whole case (the overview's facts and headlines), kept in the case's
 * `meta` table with the fingerprint of the case it was computed on (issue #12: on a 1,000,000-item
 * case, the overview's GROUP BYs over every e-mail take seconds; read back, it takes milliseconds).
 * The fingerprint is cheap to take and moves whenever what the overview counts changes: the last
 * rowid of the tables it reads (an ingest adds rows at the end; a stage that re-runs deletes and
 * re-inserts its rows), the row count of those a stage clears and refills (flags, verdicts…), and
 * the stamp each analysis stage leaves when it runs (pipeline/all-stages.ts).
 * A read-only connection computes and returns the value without storing it.
 */
const TABLES_BY_ROWID = ['items', 'emails', 'documents', 'folders', 'failures', 'journal'];
const TABLES_BY_COUNT = ['flags', 'verdicts', 'doc_types'];

function has(db: Database.Database, table: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
}

/** The fingerprint of the case's contents that the overview depends on. */
export function caseFingerprint(db: Database.Database): string {
  const parts: (number | string)[] = [];
  for (const t of TABLES_BY_ROWID)
    parts.push(
      has(db, t)
        ? ((db.prepare(`SELECT max(rowid) AS n FROM ${t}`).get() as { n: number | null }).n ?? 0)
        : '-',
    );
  for (const t of TABLES_BY_COUNT)
    parts.push(has(db, t) ? (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n : '-');
  const stamps = db
    .prepare(
      "SELECT group_concat(value, ',') AS v FROM (SELECT value FROM meta WHERE key LIKE 'stage-run:%' ORDER BY key)",
    )
    .get() as { v: string | null };
  parts.push(stamps.v ?? '');
  return parts.join(':');
}

/**
 * `make()`'s value for this case, from the cache under `key` when the case has not changed since.
 * @example const facts = cachedOverview(store, 'case-facts', () => caseFacts(store));
 */
export function cachedOverview<T>(store: Store, key: string, make: () => T): T {
  const db = store.db;
  const fp = caseFingerprint(db);
  const k = `overview-cache:${key}`;
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(k) as { value: string } | undefined;
  if (row) {
    try {
      const hit = JSON.parse(row.value) as { fingerprint: string; value: T };
      if (hit.fingerprint === fp) return hit.value;
    } catch {
      // a damaged cache entry is computed again
    }
  }
  const value = make();
  if (!db.readonly) {
    try {
      db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(
        k,
        JSON.stringify({ fingerprint: fp, value }),
      );
    } catch {
      // a busy or read-only file: the value is still right, only not kept
    }
  }
  return value;
}
