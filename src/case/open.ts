import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type CaseStore, SqlCaseStore } from './case-store.js';
import { PgDb } from './pg-db.js';
import { SqliteDb } from './sqlite-db.js';

/** Where a case lives: a directory (laptop, SQLite) or a PostgreSQL URL and a case name (team). */
export type CaseLocation = { dir: string } | { databaseUrl: string; caseName: string };

/** PostgreSQL schema holding one case: `case_` + the case name, lower-cased, safe characters only. */
export function caseSchema(caseName: string): string {
  const s = caseName
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 50);
  if (!s.replace(/_/g, '')) throw new Error(`invalid case name "${caseName}"`);
  return `case_${s}`;
}

/**
 * Opens a case's store, applying pending migrations.
 * @example
 * const store = await openCaseStore({ dir: './leaklens-case' });
 * const team = await openCaseStore({ databaseUrl: 'postgres://root@127.0.0.1/test', caseName: 'macron' });
 */
export async function openCaseStore(loc: CaseLocation): Promise<CaseStore> {
  if ('dir' in loc) {
    const dir = resolve(loc.dir);
    mkdirSync(dir, { recursive: true });
    const raw = new Database(join(dir, 'case.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 10000');
    return SqlCaseStore.open(new SqliteDb(raw));
  }
  return SqlCaseStore.open(await PgDb.connect(loc.databaseUrl, caseSchema(loc.caseName)));
}
