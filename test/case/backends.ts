import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { CaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { tempDir } from '../helpers.js';

/** The PostgreSQL the team-mode tests use: the machine's (127.0.0.1, trust auth, database `test`). */
export const TEST_DATABASE_URL =
  process.env.LEAKLENS_TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** Whether PostgreSQL answers; on CI it must (CI starts it), on a laptop its tests are skipped. */
export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty case; removed when the test ends. */
  open(t: { after: (fn: () => void | Promise<void>) => void }): Promise<CaseStore>;
  /** The same case opened a second time (another process would do this). */
  reopen(store: CaseStore): Promise<CaseStore>;
}

const where = new WeakMap<CaseStore, { dir: string } | { databaseUrl: string; caseName: string }>();

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async open(t) {
      const loc = { dir: join(tempDir(t), 'case') };
      const store = await openCaseStore(loc);
      where.set(store, loc);
      t.after(() => store.close());
      return store;
    },
    async reopen(store) {
      return openCaseStore(where.get(store) as { dir: string });
    },
  },
  {
    name: 'postgres',
    async open(t) {
      const loc = { databaseUrl: TEST_DATABASE_URL, caseName: `t${randomBytes(6).toString('hex')}` };
      const store = await openCaseStore(loc);
      where.set(store, loc);
      t.after(async () => {
        await store.close();
        const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(loc.caseName));
        await db.dropSchema();
        await db.close();
      });
      return store;
    },
    async reopen(store) {
      return openCaseStore(where.get(store) as { databaseUrl: string; caseName: string });
    },
  },
];
