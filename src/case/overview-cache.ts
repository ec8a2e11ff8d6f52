import type Database from 'better-sqlite3';
import { tableExists } from './has-table.js';
import { readOnly } from './portable.js';
import type { SqlDb } from './sql-db.js';

/**
 * A value computed over the whole case (the overview's facts and headlines), kept in the case's
 * `meta` table with the fingerprint of the case it was computed on (issue #12: on a 1,000,000-item
 * case, the overview's GROUP BYs over every e-mail take seconds; read back, it takes milliseconds).
 * The fingerprint is cheap to take and moves whenever what the overview counts changes: the last
 * rowid of the tables it reads (an ingest adds rows at the end; a stage that re-runs deletes and
 * re-inserts its rows), the row count of those a stage clears and refills (flags, verdicts…), and
 * the stamp each analysis stage leaves when it runs (pipeline/all-stages.ts).
 * A read-only connection computes and returns the value without storing it. On PostgreSQL (a team
 * case, whose tables have no rowid) the row count of every one of those tables stands in for the
 * last rowid: workers only add items, and a stage that re-runs rewrites its rows.
 */
const TABLES_BY_ROWID = ['items', 'emails', 'documents', 'folders', 'failures', 'journal'];
const TABLES_BY_COUNT = ['flags', 'verdicts', 'doc_types'];
const STAMPS_SQL =
  "SELECT group_concat(value, ',') AS v FROM (SELECT value FROM meta WHERE key LIKE 'stage-run:%' ORDER BY key)";
/**
 * On PostgreSQL also the state of the team's verify and metadata runs (src/team/verify-jobs.ts,
 * metadata-job.ts: a run id each), which stamp no `stage-run:` key: a verify run again with new
 * keys can change verdicts without changing how many there are.
 */
const STAMPS_PG = `SELECT string_agg(value, ',' ORDER BY key COLLATE "C") AS v FROM meta
  WHERE key LIKE 'stage-run:%' OR key IN ('verify:team', 'metadata:team')`;
const UPSERT =
  'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';

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
  const stamps = db.prepare(STAMPS_SQL).get() as { v: string | null };
  parts.push(stamps.v ?? '');
  return parts.join(':');
}

/**
 * `make()`'s value for this case, from the cache under `key` when the case has not changed since.
 * @example const facts = cachedOverview(store, 'case-facts', () => caseFacts(store));
 */
export function cachedOverview<T>(store: { db: Database.Database }, key: string, make: () => T): T {
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

/** `caseFingerprint` through the case layer: the same string on a laptop case; on PostgreSQL, counts. */
export async function caseFingerprintOf(db: SqlDb): Promise<string> {
  const pg = db.dialect === 'postgres';
  const part = async (t: string, sql: string) =>
    (await tableExists(db, t)) ? (Number((await db.get<{ n: number | null }>(sql))?.n ?? 0) as number) : '-';
  const parts = await Promise.all([
    ...TABLES_BY_ROWID.map((t) =>
      part(t, pg ? `SELECT count(*) AS n FROM ${t}` : `SELECT max(rowid) AS n FROM ${t}`),
    ),
    ...TABLES_BY_COUNT.map((t) => part(t, `SELECT count(*) AS n FROM ${t}`)),
    db.get<{ v: string | null }>(pg ? STAMPS_PG : STAMPS_SQL).then((r) => r?.v ?? ''),
  ]);
  return parts.join(':');
}

/**
 * `cachedOverview` through the case layer (a laptop case or a team case), for async readers.
 * @example const facts = await cachedOverviewOf(db, 'facts', () => caseFacts(db));
 */
export async function cachedOverviewOf<T>(db: SqlDb, key: string, make: () => Promise<T>): Promise<T> {
  const fp = await caseFingerprintOf(db);
  const k = `overview-cache:${key}`;
  const row = await db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [k]);
  if (row) {
    try {
      const hit = JSON.parse(row.value) as { fingerprint: string; value: T };
      if (hit.fingerprint === fp) return hit.value;
    } catch {
      // a damaged cache entry is computed again
    }
  }
  const value = await make();
  if (!readOnly(db)) {
    try {
      await db.run(UPSERT, [k, JSON.stringify({ fingerprint: fp, value })]);
    } catch {
      // a busy or read-only database: the value is still right, only not kept
    }
  }
  return value;
}
