import pg from 'pg';
import { caseSchema } from '../case/open.js';

/**
 * Holds the case's campaign lock while `fn` runs: a PostgreSQL session advisory lock, taken on a
 * connection of its own. Why this and not the queue alone: BullMQ hands a job to another worker when
 * its worker stops renewing the job's lock, which a worker that is only frozen (swapping, cut from
 * Redis) does too while it still writes; the advisory lock belongs to the database session, so it
 * is held as long as that process lives and goes the moment it dies (SIGKILL included), with no
 * expiry to tune. DuckDB allows one writer per file, and the job's rename must not race another's.
 */
export async function withCampaignLock<T>(
  databaseUrl: string,
  caseName: string,
  fn: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const key = `leaklens-campaign:${caseSchema(caseName)}`;
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
