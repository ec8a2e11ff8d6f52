import type Database from 'better-sqlite3';

/**
 * The version of a laptop case as searches see it: what the facet index, the hit sets and the
 * filter sets are kept under (facet-index.ts, search.ts), so that none is read stale.
 *
 * It is the `n` of the one-row table `case_version` (migration 15), which every write a search can
 * see moves, whichever connection or process makes it: a trigger on each table of the case but
 * NEUTRAL_TABLES bumps it per row, in the writer's own transaction. The full-text index is a
 * virtual table (SQLite allows no trigger on it nor on its shadow tables): its writers either write
 * a table with a trigger in the same transaction (ingest: `items`; OCR: `ocr_pages`) or call
 * bumpCaseVersion (reindexDocumentPeople).
 *
 * Before, the version was SQLite's `data_version`, which any other connection's commit moves: with
 * `serve --processes 2` each process's audit-log and session rows made the other rebuild its facet
 * index on nearly every search.
 *
 * Where `case_version` or a trigger is missing and cannot be made (a read-only connection on a case
 * of an earlier version), the version falls back to `data_version` and this connection's
 * `total_changes()`: every write then counts, as before, and nothing is read stale either.
 */

/**
 * Tables no search reads (no facet, no filter), written by the workbench on the connection it
 * searches with: the audit log records every search (`user` is 'local' on a laptop), sessions
 * and login attempts every login, `meta` the overview's cache, `facet_index` the search's facet
 * index (facet-index.ts). Their writes do not change any
 * answer, so they must not throw away what was kept for searches (rebuilding the facet index took
 * seconds on the 21,075-message case, on every search of the workbench).
 */
export const NEUTRAL_TABLES: readonly string[] = [
  'audit_log',
  'sessions',
  'users',
  'login_attempts',
  'meta',
  // The facet index kept in the case (migration 18), stamped with the version it was built at.
  'facet_index',
  // The ranked heads of frequent phrases (migration 21, rank-index.ts), stamped the same way.
  'rank_index',
];

const VERSION_TABLE = 'case_version';
const TRIGGER_PREFIX = 'cv_bump_';

interface Tracking {
  /** `schema_version` when the triggers were last checked. */
  schema: number;
  /** Every table but the neutral ones has its triggers (else: the fallback version). */
  complete: boolean;
  read?: Database.Statement;
  changes?: Database.Statement;
}
const tracking = new WeakMap<Database.Database, Tracking>();

/**
 * What the case looks like to this connection, as a string that changes whenever a search could
 * answer differently (module comment).
 * @example const v = caseVersion(store.db); … if (kept.version !== caseVersion(store.db)) rebuild();
 */
export function caseVersion(db: Database.Database): string {
  const schema = db.pragma('schema_version', { simple: true }) as number;
  let t = tracking.get(db);
  if (!t || t.schema !== schema) {
    const complete = trackWrites(db);
    t = {
      ...t,
      complete,
      // Creating triggers moved it: read again, so the next call does not check them again.
      schema: db.pragma('schema_version', { simple: true }) as number,
    };
    t.read = complete ? db.prepare(`SELECT n FROM main.${VERSION_TABLE} WHERE id = 1`).pluck() : undefined;
    tracking.set(db, t);
  }
  if (t.complete && t.read) return `v${t.schema}:${t.read.get() as number}`;
  t.changes ??= db.prepare('SELECT total_changes()').pluck();
  const dv = db.pragma('data_version', { simple: true }) as number;
  return `d${t.schema}:${dv}:${t.changes.get() as number}`;
}

/**
 * Moves the case version, in the caller's transaction if one is open: for writes searches read
 * that no trigger sees (the full-text index alone). No-op on a case without `case_version`.
 */
export function bumpCaseVersion(db: Database.Database): void {
  if (!hasVersionTable(db)) return;
  db.prepare(`UPDATE main.${VERSION_TABLE} SET n = n + 1 WHERE id = 1`).run();
}

function hasVersionTable(db: Database.Database): boolean {
  return !!db
    .prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?")
    .get(VERSION_TABLE);
}

/**
 * Puts the version triggers on every table of the case that has none yet (a table created since,
 * by a stage or another process). They are part of the case, so every connection's writes fire
 * them, this process's or not. Returns false where they cannot all be there.
 */
function trackWrites(db: Database.Database): boolean {
  if (!hasVersionTable(db)) return false;
  const tables = db
    .prepare(
      `SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         AND sql NOT LIKE 'CREATE VIRTUAL%'`,
    )
    .pluck()
    .all() as string[];
  const skip = new Set([...NEUTRAL_TABLES, VERSION_TABLE, ...shadowTables(db)]);
  const have = new Set(
    db
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'trigger' AND name LIKE ?")
      .pluck()
      .all(`${TRIGGER_PREFIX}%`) as string[],
  );
  const missing: string[] = [];
  for (const table of tables) {
    if (skip.has(table)) continue;
    for (const op of OPS) {
      const name = triggerName(table, op);
      if (!have.has(name))
        missing.push(
          `CREATE TRIGGER IF NOT EXISTS main."${name}" AFTER ${op} ON "${table.replaceAll('"', '""')}" BEGIN UPDATE ${VERSION_TABLE} SET n = n + 1 WHERE id = 1; END`,
        );
    }
  }
  // A build that did not know `facet_index` (migration 18) as neutral may have put triggers on it:
  // its writes would then move the version it is stamped with, and it would never be read back.
  // The same for `rank_index` (migration 21).
  for (const table of ['facet_index', 'rank_index'])
    for (const op of OPS)
      if (have.has(triggerName(table, op))) missing.push(`DROP TRIGGER main."${triggerName(table, op)}"`);
  if (!missing.length) return true;
  try {
    db.transaction(() => {
      for (const sql of missing) db.exec(sql);
    }).immediate();
    return true;
  } catch {
    // Read only, or the case busy for longer than the busy timeout: count every write instead.
    return false;
  }
}

const OPS = ['INSERT', 'UPDATE', 'DELETE'] as const;

const triggerName = (table: string, op: string) =>
  `${TRIGGER_PREFIX}${table.replaceAll('"', '')}_${op.toLowerCase()}`;

/** The shadow tables of the case's virtual tables (`fts_data`, …): SQLite refuses triggers on them. */
function shadowTables(db: Database.Database): string[] {
  const virtual = db
    .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")
    .pluck()
    .all() as string[];
  const suffixes = ['_data', '_idx', '_content', '_docsize', '_config'];
  return virtual.flatMap((v) => suffixes.map((s) => `${v}${s}`));
}
