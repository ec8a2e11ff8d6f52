import pg from 'pg';
import { NUL_REPLACEMENT } from '../util/nul.js';
import { PREPARED } from './prepared.js';
import type { RunResult, SqlDb } from './sql-db.js';
import { toDollarParams } from './sql-db.js';

/** A case's tables live in one PostgreSQL schema, so one database can hold several cases. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// BIGINT (int8) arrives as a string by default, to keep values past 2^53 exact. Sizes, counts and
// Unix times in a case stay far below that, and the SQLite store returns numbers: do the same.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Queryable = pg.Pool | pg.PoolClient;

/** `toDollarParams` of recent texts: the same statements come back on every request. */
const DOLLARS = new Map<string, string>();
const MAX_DOLLARS = 2000;
function dollars(sql: string): string {
  let out = DOLLARS.get(sql);
  if (out === undefined) {
    out = toDollarParams(sql);
    if (DOLLARS.size >= MAX_DOLLARS) DOLLARS.clear();
    DOLLARS.set(sql, out);
  }
  return out;
}

/** The query as node-postgres takes it: named when `sql` was marked `prepared`. */
function queryOf(sql: string, params: readonly unknown[]): pg.QueryConfig {
  const name = PREPARED.get(sql);
  const text = dollars(sql);
  return name ? { name, text, values: pgParams(params) } : { text, values: pgParams(params) };
}

/**
 * `SqlDb` over a PostgreSQL connection pool (team mode). Every connection of the pool has its
 * `search_path` set to the case's schema, so the store's SQL names tables without a schema.
 * @example
 * const db = await PgDb.connect('postgres://root@127.0.0.1:5432/test', 'case_demo');
 */
export class PgDb implements SqlDb {
  readonly dialect = 'postgres' as const;

  /** Pools of the same database whose connections start with extra settings (tuned()). */
  private readonly tunedPools = new Map<string, PgDb>();

  private constructor(
    private readonly q: Queryable,
    readonly schema: string,
    private readonly pool: pg.Pool | null,
    private readonly url = '',
  ) {}

  /** Opens a pool on `url`, creating the case schema `schema` if it does not exist. */
  static async connect(url: string, schema: string, opts: { max?: number } = {}): Promise<PgDb> {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid case schema name "${schema}"`);
    // search_path as a connection option: set by the server at login, before any query can run.
    const options = `-c search_path=${schema},public`;
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, options });
    // An idle client that loses its server (a PostgreSQL restart) emits 'error' on the pool; without
    // a listener that would end the process. The next query gets a fresh connection instead.
    pool.on('error', () => undefined);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    return new PgDb(pool, schema, pool, url);
  }

  /**
   * A second, small pool on the same case whose connections start with `settings` (name → value,
   * e.g. the planner settings of a search): a statement on it needs no transaction and no
   * `set_config` round trip of its own. Opened on first use, closed with this one; undefined
   * inside a transaction (its statements must stay on the transaction's connection).
   */
  tuned(settings: Record<string, string>, max = 2): PgDb | undefined {
    if (!this.pool || !this.url) return undefined;
    const options = Object.entries(settings)
      .map(([k, v]) => {
        if (!/^[a-z_]+$/.test(k) || !/^[a-z0-9_.]+$/.test(v)) throw new Error(`invalid setting ${k}=${v}`);
        return `-c ${k}=${v}`;
      })
      .join(' ');
    let db = this.tunedPools.get(options);
    if (!db) {
      const pool = new pg.Pool({
        connectionString: this.url,
        max,
        options: `-c search_path=${this.schema},public ${options}`,
      });
      pool.on('error', () => undefined);
      db = new PgDb(pool, this.schema, pool, '');
      this.tunedPools.set(options, db);
    }
    return db;
  }

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.q.query(queryOf(sql, params))).rows as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    const r = await this.q.query(queryOf(sql, params));
    return { changes: r.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.q.query(sql);
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    if (!this.pool) return fn(this); // nested: part of the enclosing transaction
    const client = await this.pool.connect();
    // A server that goes away between two statements of the transaction makes the checked-out
    // client emit 'error'; unheard, that would end the process. The next statement then fails
    // and the caller sees the error (and may wait for the database: isDatabaseUnavailable).
    const ignore = () => undefined;
    client.on('error', ignore);
    try {
      await client.query('BEGIN');
      const out = await fn(new PgDb(client, this.schema, null));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', ignore);
      client.release();
    }
  }

  async close(): Promise<void> {
    for (const t of this.tunedPools.values()) await t.close();
    this.tunedPools.clear();
    if (this.pool) await this.pool.end();
  }

  /**
   * Whether the case schema still exists. Not `current_schema()`: with the case schema gone, that
   * names the next schema of the search path (`public`), where unqualified table names then land.
   */
  async schemaExists(): Promise<boolean> {
    return (
      (await this.q.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema])).rowCount === 1
    );
  }

  /** Removes the case schema and everything in it (tests, `leaklens case drop`). */
  async dropSchema(): Promise<void> {
    await this.q.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
  }
}

/**
 * The parameters as PostgreSQL can take them: a NUL in a string (which `text` refuses, failing the
 * whole transaction) becomes U+FFFD. Ingest records are cleaned before either store sees them
 * (util/nul.ts); this catches what a later stage derives from the original bytes (a header read
 * again by verify, an OCR text), so that one value never costs a job. Copies only when needed.
 */
function pgParams(params: readonly unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (typeof p === 'string' && p.includes('\u0000'))
      return params.map((v) => (typeof v === 'string' ? v.replaceAll('\u0000', NUL_REPLACEMENT) : v));
  }
  return params as unknown[];
}

/**
 * Whether an error means the database is unreachable (down, restarting, connection cut) rather
 * than that a statement is wrong: SQLSTATE class 08 (connection exception) and 57P01-57P03
 * (shutdown, crash, not yet accepting connections), or a socket error from the driver.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^08|^57P0[123]$/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))
    return true;
  // node-postgres reports a connection closed by the server without a code.
  return (
    typeof e?.message === 'string' &&
    /Connection terminated|Client has encountered a connection error/.test(e.message)
  );
}
