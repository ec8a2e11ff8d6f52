import type Database from 'better-sqlite3';
import { CORE } from './migrations/0001-core.js';
import { PG_SEARCH } from './migrations/0002-pg-search.js';
import { ACCOUNTS } from './migrations/0003-accounts.js';
import { VERIFY_TABLES } from './migrations/0004-verify.js';
import { OCR_TABLES } from './migrations/0005-ocr.js';
import { PEOPLE_TABLE } from './migrations/0006-people.js';
import { NAME_MENTIONS } from './migrations/0007-name-mentions.js';
import { TRIAGE_TABLES_PG } from './migrations/0008-triage.js';
import { OCR_BATCHES } from './migrations/0009-ocr-batches.js';
import { PG_SEARCH_ORDER } from './migrations/0012-pg-search-order.js';
import { PG_FTS_LITERAL } from './migrations/0014-pg-fts-literal.js';
import { CASE_VERSION } from './migrations/0015-case-version.js';
import { PG_SEARCH_WRITES } from './migrations/0016-pg-search-writes.js';
import { INGEST_JOBS } from './migrations/0017-ingest-jobs.js';
import { FACET_INDEX } from './migrations/0018-facet-index.js';
import { PG_CASE_WRITES } from './migrations/0019-pg-case-writes.js';
import { PG_BUMP_ONCE } from './migrations/0020-pg-bump-once.js';
import { RANK_INDEX } from './migrations/0021-rank-index.js';
import type { Dialect, SqlDb } from './sql-db.js';
import { SqliteDb } from './sqlite-db.js';

/**
 * A numbered schema change. Applied once per case, in order, inside one transaction with its
 * record in `schema_migrations`, so a crash leaves either all of it or none. A migration may hold
 * SQL for one dialect only (e.g. SQLite's FTS5 index); the other then has nothing to apply.
 * Never edit a landed migration: add the next number.
 */
export interface Migration {
  id: number;
  name: string;
  sqlite?: string;
  postgres?: string;
}

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  CORE,
  PG_SEARCH,
  ACCOUNTS,
  VERIFY_TABLES,
  OCR_TABLES,
  PEOPLE_TABLE,
  NAME_MENTIONS,
  TRIAGE_TABLES_PG,
  OCR_BATCHES,
  PG_SEARCH_ORDER,
  PG_FTS_LITERAL,
  CASE_VERSION,
  PG_SEARCH_WRITES,
  INGEST_JOBS,
  FACET_INDEX,
  PG_CASE_WRITES,
  PG_BUMP_ONCE,
  RANK_INDEX,
];

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** The migrations of `dialect` whose id is not in `applied`, in order. */
export function pendingMigrations(
  dialect: Dialect,
  applied: Iterable<number>,
  list: readonly Migration[] = MIGRATIONS,
): Migration[] {
  const done = new Set(applied);
  const ids = list.map((m) => m.id);
  if (new Set(ids).size !== ids.length || ids.some((id, i) => i > 0 && id <= (ids[i - 1] as number)))
    throw new Error('migrations must have unique, increasing ids');
  return list.filter((m) => !done.has(m.id) && m[dialect] !== undefined);
}

/**
 * Brings a case's schema up to date; returns the ids it applied. On PostgreSQL an advisory lock
 * held for the transaction makes concurrent starters (several workers or server processes) wait
 * for the first one instead of applying the same migration twice.
 */
export async function migrate(db: SqlDb, list: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // SQLite: synchronously, so no other connection of this process can wait on the write lock
  // while this one yields to the event loop inside its transaction (that would deadlock).
  if (db instanceof SqliteDb) return migrateSqliteSync(db.raw, list);
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres')
      await tx.run("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':migrate'))");
    await tx.exec(LEDGER);
    const applied = (await tx.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) =>
      Number(r.id),
    );
    const todo = pendingMigrations(tx.dialect, applied, list);
    for (const m of todo) {
      await tx.exec(m[tx.dialect] as string);
      await tx.run('INSERT INTO schema_migrations(id, name, applied_at) VALUES (?, ?, ?)', [
        m.id,
        m.name,
        new Date().toISOString(),
      ]);
    }
    return todo.map((m) => m.id);
  });
}

/** The same for a SQLite connection opened synchronously (the laptop `Store`). */
export function migrateSqliteSync(raw: Database.Database, list: readonly Migration[] = MIGRATIONS): number[] {
  return raw
    .transaction(() => {
      raw.exec(LEDGER);
      const applied = (raw.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map(
        (r) => r.id,
      );
      const todo = pendingMigrations('sqlite', applied, list);
      const record = raw.prepare('INSERT INTO schema_migrations(id, name, applied_at) VALUES (?, ?, ?)');
      for (const m of todo) {
        raw.exec(m.sqlite as string);
        record.run(m.id, m.name, new Date().toISOString());
      }
      return todo.map((m) => m.id);
    })
    .immediate();
}
