import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
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
 * Whether a team case exists in a database: its schema holds the migrations table (opening a case
 * that does not exist would create an empty one). Throws when the database does not answer.
 * @example await teamCaseExists('postgres://root@127.0.0.1/test', caseSchema('macron'), 10_000)
 */
export async function teamCaseExists(
  url: string,
  schema: string,
  connectTimeoutMs: number,
): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const r = await client.query(
      "SELECT 1 FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid WHERE n.nspname = $1 AND c.relname = 'schema_migrations'",
      [schema],
    );
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end().catch(() => undefined);
  }
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
  const store = await SqlCaseStore.open(await PgDb.connect(loc.databaseUrl, caseSchema(loc.caseName)));
  try {
    await claimCaseName(store, loc.caseName);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** Meta key of a team case's schema: the case name it was first opened with. */
export const CASE_NAME_META = 'case-name';

/**
 * Records the case name in its schema the first time, and refuses another name that falls on the
 * same schema (names are folded to lower case and cut at 50 characters): the two names would share
 * the tables but not the queue (`leaklens-ingest-<name>`), so the workers of one name would never
 * take the jobs the other enqueued, while each stage waited on the other's files.
 */
async function claimCaseName(store: SqlCaseStore, caseName: string): Promise<void> {
  await store.db.run('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [
    CASE_NAME_META,
    caseName,
  ]);
  const held = await store.getMeta(CASE_NAME_META);
  if (held !== undefined && held !== caseName)
    throw new Error(
      `the case name "${caseName}" falls on the schema ${caseSchema(caseName)} of the case "${held}" ` +
        `(names are folded to lower case and cut at 50 characters): use --case-name "${held}" for that case, or a name of its own`,
    );
}
