import { CASE_WRITES_VERSION_SQL } from './migrations/0019-pg-case-writes.js';
import type { SqlDb } from './sql-db.js';

/**
 * The write version of a team case (migration 19): it moves exactly when a write to the case has
 * committed, so a server keeps what it computed under it until it moves. PostgreSQL only.
 */
export async function caseWritesVersion(db: SqlDb): Promise<string> {
  return (await db.get<{ v: string }>(`SELECT (${CASE_WRITES_VERSION_SQL}) AS v`))?.v ?? '';
}
