import type { Command } from 'commander';
import type { CaseStore, SqlCaseStore } from '../case/case-store.js';
import { caseSchema, openCaseStore, teamCaseExists } from '../case/open.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import type { Store } from '../store/store.js';
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

/**
 * Opens the team case, creating it when the database has none of that name (`ingest`, `worker`,
 * `keys add`, `serve`), explaining what is wrong when the database does not answer. The database
 * URL is named without its password. Commands that only read a case use openExistingTeamCase.
 */
export async function openTeamCase(o: TeamOptions): Promise<CaseStore> {
  if (!o.database) throw new UserError('team mode needs --database postgres://…');
  if (!/^postgres(ql)?:\/\//.test(o.database))
    throw new UserError(`--database takes a postgres:// URL, not ${JSON.stringify(redactUrl(o.database))}`);
  try {
    return await openCaseStore({ databaseUrl: o.database, caseName: o.caseName });
  } catch (err) {
    throw new UserError(
      `cannot open case "${o.caseName}" on ${redactUrl(o.database)}: ${(err as Error).message}`,
    );
  }
}

/**
 * Opens the team case of a command that only reads it (`show`, `search`, `errors`, `keys list`,
 * the report and its readers): a database that does not answer, or a case name with no case in
 * it, is a user error (checkTeamCaseExists), never an empty case created under a mistyped name.
 */
export async function openExistingTeamCase(o: TeamOptions): Promise<CaseStore> {
  await checkTeamCaseExists(o);
  return openTeamCase(o);
}

/**
 * The case a reading command works on, through the case store: the team case when --database is
 * given (which must exist), else the case directory (which must exist: the same "no case at"
 * message as every command).
 */
export async function openCaseReader(o: TeamOptions & { case: string }): Promise<CaseStore> {
  if (o.database) return openExistingTeamCase(o);
  openCase(o.case, { readonly: true }).close();
  return openCaseStore({ dir: o.case });
}

/** A database URL as messages show it: without the password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** What stands for a password in a URL printed for the user to copy (commandUrl). */
export const PASSWORD_PLACEHOLDER = 'PASSWORD';

/**
 * A URL as a command line printed for the user to copy shows it (`Start workers with: leaklens
 * worker --database …`): its password, if any, replaced by PASSWORD, so that the terminal, its
 * scroll-back and a pasted log do not carry it. passwordNote says where it goes.
 * @example commandUrl('postgres://lead:s3cret@db/cases') // 'postgres://lead:PASSWORD@db/cases'
 */
export function commandUrl(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = PASSWORD_PLACEHOLDER;
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, `:${PASSWORD_PLACEHOLDER}@`);
  }
}

/**
 * The line that goes under a command printed with commandUrl, when one of `urls` (option name →
 * URL) had a password: which option's PASSWORD to replace. No line when none had one.
 */
export function passwordNote(urls: Record<string, string | undefined>): string[] {
  const masked = Object.entries(urls)
    .filter(([, url]) => url && commandUrl(url) !== url)
    .map(([name]) => name);
  if (!masked.length) return [];
  return [
    `(${masked.join(' and ')}: the password is not shown; put it in place of ${PASSWORD_PLACEHOLDER}${masked.includes('--database') ? ', or leave it out of the URL and set PGPASSWORD' : ''})`,
  ];
}

/** How long a reading command waits for PostgreSQL to accept the connection. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Refuses, with a user error, a team case that a reading command cannot read: a database that
 * does not answer, or a case name with no case in it (opening it would create an empty one).
 */
export async function checkTeamCaseExists(o: TeamOptions): Promise<void> {
  if (!o.database) throw new UserError('team mode needs --database postgres://…');
  if (!/^postgres(ql)?:\/\//.test(o.database))
    throw new UserError(`--database takes a postgres:// URL, not ${JSON.stringify(redactUrl(o.database))}`);
  let schema: string;
  try {
    schema = caseSchema(o.caseName);
  } catch (err) {
    throw new UserError(`--case-name ${JSON.stringify(o.caseName)}: ${(err as Error).message}`);
  }
  let found: boolean;
  try {
    found = await teamCaseExists(o.database, schema, CONNECT_TIMEOUT_MS);
  } catch (err) {
    throw new UserError(
      `cannot reach the case database ${redactUrl(o.database)}: ${(err as Error).message || (err as { code?: string }).code}`,
      'environment',
    );
  }
  if (!found)
    throw new UserError(
      `no case "${o.caseName}" in ${redactUrl(o.database)} (no schema ${schema}): check --case-name, or ingest into it first (leaklens ingest DUMP --database URL --queue URL --case-name ${o.caseName})`,
      'no-case',
    );
}

/** The case a presenter (report, overview, suspects, people, graph) reads through the case layer. */
export interface ReadCase {
  db: SqlDb;
  /** How messages name the case: its directory, or the team case's name. */
  where: string;
  /** The laptop case's store (null on a team case). */
  store: Store | null;
  /** The team case's store (null on a laptop case). */
  team: SqlCaseStore | null;
  close(): Promise<void>;
}

/**
 * Opens the case of a reading command: the team case with --database (which must exist: a user
 * error, not an empty new case, when it does not), else the case directory, whose own connection
 * the `SqlDb` wraps (one connection per case per process, src/case/sqlite-db.ts).
 * @example const c = await openReadCase(o, { readonly: true }); try { await overview(c.db) } finally { await c.close() }
 */
export async function openReadCase(
  o: TeamOptions & { case: string },
  opts: { readonly?: boolean } = {},
): Promise<ReadCase> {
  if (o.database) {
    const team = (await openExistingTeamCase(o)) as SqlCaseStore;
    return { db: team.db, where: `case "${o.caseName}"`, store: null, team, close: () => team.close() };
  }
  const store = openCase(o.case, { readonly: opts.readonly });
  return {
    db: new SqliteDb(store.db),
    where: store.path,
    store,
    team: null,
    close: async () => store.close(),
  };
}
