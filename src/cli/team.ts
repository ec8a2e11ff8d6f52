import type { Command } from 'commander';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { openCaseStore } from '../case/open.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import { openCase } from './common.js';
import { UserError } from './errors.js';

export interface TeamOptions {
  database?: string;
  queue?: string;
  caseName: string;
}

/** The options of commands that reach a team case (PostgreSQL + Redis) instead of a directory. */
export function teamOptions(cmd: Command): Command {
  return databaseOptions(cmd).option(
    '--queue <url>',
    'team mode: the Redis of the ingest queue (redis://host:6379)',
  );
}

/** The options of commands that reach a team case's database (no queue). */
export function databaseOptions(cmd: Command): Command {
  return cmd
    .option('--database <url>', 'team mode: the PostgreSQL holding the case (postgres://user@host/db)')
    .option(
      '--case-name <name>',
      'team mode: which case of that database',
      process.env.LEAKLENS_CASE_NAME || 'default',
    );
}

/**
 * The case database of a command that reads or writes accounts and the audit log: the team case's
 * PostgreSQL with --database, else the case directory's SQLite (which must exist), through the
 * laptop `Store`'s own connection (it applies the migrations).
 */
export async function openCaseDb(
  o: TeamOptions & { case: string },
): Promise<{ db: SqlDb; close: () => Promise<void> }> {
  if (o.database) {
    const store = (await openTeamCase(o)) as SqlCaseStore;
    return { db: store.db, close: () => store.close() };
  }
  const store = openCase(o.case);
  return { db: new SqliteDb(store.db), close: async () => store.close() };
}

/** Opens the team case, explaining what is wrong when the database does not answer. */
export async function openTeamCase(o: TeamOptions): Promise<CaseStore> {
  if (!o.database) throw new UserError('team mode needs --database postgres://…');
  if (!/^postgres(ql)?:\/\//.test(o.database))
    throw new UserError(`--database takes a postgres:// URL, not ${JSON.stringify(o.database)}`);
  try {
    return await openCaseStore({ databaseUrl: o.database, caseName: o.caseName });
  } catch (err) {
    throw new UserError(`cannot open case "${o.caseName}" on ${o.database}: ${(err as Error).message}`);
  }
}

/**
 * The case a reading command works on, through the case store: the team case when --database is
 * given, else the case directory (which must exist: the same "no case at" message as every command).
 */
export async function openCaseReader(o: TeamOptions & { case: string }): Promise<CaseStore> {
  if (o.database) return openTeamCase(o);
  openCase(o.case, { readonly: true }).close();
  return openCaseStore({ dir: o.case });
}
