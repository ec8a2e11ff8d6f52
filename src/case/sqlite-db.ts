import type Database from 'better-sqlite3';
import type { RunResult, SqlDb } from './sql-db.js';

/** Compiled statements per connection (shared by its SqliteDb objects: one per transaction too). */
const STATEMENTS = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** Statements kept per connection, at most (generated SQL such as searches varies). */
const MAX_STATEMENTS = 500;

/**
 * `SqlDb` over one better-sqlite3 connection (the laptop case). The driver is synchronous, so each
 * call completes before its promise is returned; transactions are serialised with a lock so that
 * statements of other callers never run inside one (one connection, one transaction at a time).
 * Open one `SqliteDb` per case per process: a second connection of the same process that waits on
 * the write lock blocks the event loop, so the first one's async transaction could never finish.
 */
export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    readonly raw: Database.Database,
    private readonly inTransaction = false,
  ) {}

  /**
   * The connection's compiled statement of `sql`, kept (per connection, bounded): a workbench
   * request runs the same few statements again and again (an item page about 20), and compiling
   * one costs more than running it. SQLite recompiles a kept statement by itself after a schema
   * change (sqlite3_prepare_v2).
   */
  private prepared(sql: string): Database.Statement {
    let cache = STATEMENTS.get(this.raw);
    if (!cache) {
      cache = new Map();
      STATEMENTS.set(this.raw, cache);
    }
    let st = cache.get(sql);
    if (!st) {
      st = this.raw.prepare(sql);
      if (cache.size >= MAX_STATEMENTS) cache.clear();
      cache.set(sql, st);
    }
    return st;
  }

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    await this.outsideTransactions();
    return this.prepared(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    await this.outsideTransactions();
    return this.prepared(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    await this.outsideTransactions();
    return { changes: this.prepared(sql).run(...params).changes };
  }

  async exec(sql: string): Promise<void> {
    await this.outsideTransactions();
    this.raw.exec(sql);
  }

  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this); // nested: part of the enclosing transaction
    const run = async (): Promise<T> => {
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(new SqliteDb(this.raw, true));
        this.raw.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      }
    };
    const next = this.lock.then(run, run);
    this.lock = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.lock;
    if (this.raw.open) this.raw.close();
  }

  /** Waits for a transaction of another caller to end (inside one, runs at once). */
  private async outsideTransactions(): Promise<void> {
    if (!this.inTransaction) await this.lock;
  }
}
