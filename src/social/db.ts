import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { UserError } from '../core/errors.js';

export const SOCIAL_DB_FILE = 'social.duckdb';

/**
 * Posts and accounts (DESIGN.md `Post`, `Account`). `ts` is epoch milliseconds (UTC) so window
 * arithmetic stays integer; list columns keep hashtags/mentions/URLs lower-cased as found.
 * No primary keys: DuckDB's ART index would slow the 17M-row bulk load; de-duplication is an
 * anti-join at insert time (db-load.ts). `media` holds the files attached to posts (one row per
 * file, PostMedia in types.ts), what the trail (src/trail) joins with the dump's hashes and names.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS posts (
  id VARCHAR, platform VARCHAR, account_id VARCHAR, handle VARCHAR, ts BIGINT, text VARCHAR,
  lang VARCHAR, lang_source VARCHAR, repost_of VARCHAR, reply_to VARCHAR, quote_of VARCHAR,
  hashtags VARCHAR[], mentions VARCHAR[], urls VARCHAR[], country VARCHAR, source VARCHAR
);
CREATE TABLE IF NOT EXISTS accounts (
  id VARCHAR, platform VARCHAR, handle VARCHAR, name VARCHAR, created BIGINT, followers BIGINT,
  friends BIGINT, statuses BIGINT, location VARCHAR, description VARCHAR, default_profile BOOLEAN,
  default_image BOOLEAN, verified BOOLEAN, country VARCHAR, country_source VARCHAR
);
CREATE TABLE IF NOT EXISTS shares (object_id VARCHAR, account_id VARCHAR, content_id VARCHAR, ts BIGINT);
CREATE TABLE IF NOT EXISTS media (
  post_id VARCHAR, platform VARCHAR, ts BIGINT, kind VARCHAR, name VARCHAR, md5 VARCHAR, sha256 VARCHAR,
  size BIGINT, url VARCHAR, path VARCHAR, cid VARCHAR, mime VARCHAR, dhash VARCHAR
);
CREATE TABLE IF NOT EXISTS import_failures (file VARCHAR, line BIGINT, reason VARCHAR, message VARCHAR);
`;

/**
 * One DuckDB instance per case file and process, as the DuckDB docs advise: every `open` of the
 * same file in this process is a new connection (its own temporary tables) on the instance the
 * first one opened, which the last `close` closes. Two instances on one file in one process are
 * not refused by DuckDB's lock (it is per process) but do not see each other: one replays the
 * WAL the other is still writing ("Failure while replaying WAL file …"), which made the
 * workbench's posts list fail while the trail wrote its cache.
 * @example
 * const db = await SocialDb.open('./leaklens-case');
 * const rows = await db.all('SELECT count(*) AS n FROM posts');
 * db.close();
 */
export class SocialDb {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly path: string,
    /** Releases this connection's hold on a shared instance (`open`); none for `connectTo`. */
    private readonly release?: () => void,
  ) {}

  /**
   * Opens the case's posts file. `readOnly` (team servers, src/team/campaign-reader.ts): DuckDB's
   * READ_ONLY access mode, which several processes may hold at once; temporary tables, which the
   * signals use, still work, and the schema is not touched.
   */
  static async open(caseDir: string, opts: { create?: boolean; readOnly?: boolean } = {}): Promise<SocialDb> {
    const dir = resolve(caseDir);
    const path = join(dir, SOCIAL_DB_FILE);
    if (!existsSync(path) && opts.create === false)
      throw new UserError(
        existsSync(dir)
          ? `no social data in ${dir}: run "leaklens campaign import" first`
          : `no case at ${dir}: run "leaklens campaign import FILES --case ${caseDir}" (or "leaklens demo") first`,
        'no-case',
      );
    if (!opts.readOnly) mkdirSync(dir, { recursive: true });
    const key = `${opts.readOnly ? 'ro' : 'rw'}:${path}`;
    let shared = OPEN.get(key);
    if (!shared) {
      const created = createInstance(path, opts.readOnly === true);
      const fresh: SharedInstance = { instance: created, holders: 0 };
      shared = fresh;
      OPEN.set(key, fresh);
      created.then(
        (i) => {
          fresh.ready = i;
        },
        // A failed open is not kept: the next one tries again.
        () => {
          if (OPEN.get(key) === fresh) OPEN.delete(key);
        },
      );
    }
    const entry = shared;
    entry.holders++;
    let release = () => {
      release = () => undefined;
      if (--entry.holders > 0) return;
      if (OPEN.get(key) === entry) OPEN.delete(key);
      // Closed at once (the file free for another process when close() returns) once it opened.
      if (entry.ready) entry.ready.closeSync();
      else void entry.instance.then((i) => i.closeSync()).catch(() => undefined);
    };
    try {
      const instance = await entry.instance;
      return new SocialDb(instance, await instance.connect(), path, () => release());
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Runs a query and returns plain JS rows (BIGINT as number, lists as arrays). */
  async all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]> {
    const t = PROFILE ? startProfile() : null;
    const reader = await this.conn.runAndReadAll(sql, params);
    const rows = reader.getRowObjectsJS().map((r) => normalise(r)) as T[];
    if (t) profile(sql, t);
    return rows;
  }

  async run(sql: string, params?: DuckDBValue[]): Promise<void> {
    const t = PROFILE ? startProfile() : null;
    await this.conn.run(sql, params);
    if (t) profile(sql, t);
  }

  /**
   * A new connection on an open instance: its own temporary tables (the signals' `scoped`,
   * `activity`, `coord_*`), so concurrent requests on one instance do not see each other's.
   */
  static async connectTo(instance: DuckDBInstance, path: string): Promise<SocialDb> {
    return new SocialDb(instance, await instance.connect(), path);
  }

  close(): void {
    this.conn.closeSync();
    this.release?.();
  }
}

/** The instances open in this process, by access mode and file, with how many `open`s hold each. */
const OPEN = new Map<string, SharedInstance>();
interface SharedInstance {
  instance: Promise<DuckDBInstance>;
  /** The instance once open. */
  ready?: DuckDBInstance;
  holders: number;
}

async function createInstance(path: string, readOnly: boolean): Promise<DuckDBInstance> {
  // A bounded buffer pool keeps the 17M-post analysis under 4 GiB RSS; DuckDB spills beyond it.
  const memory_limit = process.env.LEAKLENS_DUCKDB_MEMORY ?? '2GB';
  if (readOnly) return DuckDBInstance.create(path, { access_mode: 'READ_ONLY', memory_limit });
  const instance = await DuckDBInstance.create(path, { memory_limit });
  try {
    const conn = await instance.connect();
    await conn.run(SCHEMA);
    conn.closeSync();
  } catch (err) {
    instance.closeSync();
    throw err;
  }
  return instance;
}

/**
 * `LEAKLENS_SQL_PROFILE=1` prints each statement's wall time and the process's CPU time (every
 * DuckDB thread included) to stderr (for the benchmarks: on a loaded machine the CPU time is the
 * steadier figure).
 */
const PROFILE = process.env.LEAKLENS_SQL_PROFILE === '1';
const startProfile = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
function profile(sql: string, t0: { wall: number; cpu: NodeJS.CpuUsage }): void {
  const ms = performance.now() - t0.wall;
  const c = process.cpuUsage(t0.cpu);
  if (ms >= 50)
    process.stderr.write(
      `[sql ${(ms / 1000).toFixed(2)} s, cpu ${((c.user + c.system) / 1e6).toFixed(2)} s] ${sql.replace(/\s+/g, ' ').slice(0, 110)}\n`,
    );
}

/** DuckDB returns BIGINT as bigint; every count here fits a double, and JSON needs numbers. */
function normalise(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = fix(v);
  return out;
}

function fix(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(fix);
  return v;
}

/** Quotes a string literal for SQL built from trusted parts (paths we generated). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
