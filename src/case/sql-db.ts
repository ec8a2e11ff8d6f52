/**
 * The one door from the case layer to a SQL database (HOUSE.md "src/case/"). Areas do not hold a
 * driver; they go through a `CaseStore`, which speaks to SQLite or PostgreSQL through this
 * interface. SQL is written once, in the subset both engines share (`?` placeholders,
 * `ON CONFLICT … DO NOTHING/UPDATE`, `TEXT`/`BIGINT`), and the PostgreSQL driver rewrites the
 * placeholders. Where the engines differ (full-text search, JSON access, upserts of virtual
 * tables) the store asks `dialect`.
 *
 * Why not a query builder (kysely): the landed code holds a few hundred hand-written, reviewed SQL
 * statements; moving them behind this interface keeps them readable and diffable line for line,
 * where a builder would rewrite each one and hide the plan a reviewer checks.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface SqlDb {
  readonly dialect: Dialect;
  /** Every row of a query. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** A statement that returns no rows. */
  run(sql: string, params?: readonly unknown[]): Promise<RunResult>;
  /** Several statements separated by `;`, no parameters (DDL of migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: every statement of `fn` commits together or not at all. */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Rewrites `?` placeholders as `$1, $2 …` for PostgreSQL, leaving `?` inside string literals,
 * quoted identifiers and comments alone.
 * @example toDollarParams("SELECT * FROM t WHERE a = ? AND b = '?'") // "… a = $1 AND b = '?'"
 */
export function toDollarParams(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const skipTo = skipEnd(sql, i);
    if (skipTo > i) {
      out += sql.slice(i, skipTo);
      i = skipTo;
    } else {
      out += c === '?' ? `$${++n}` : c;
      i++;
    }
  }
  return out;
}

/** Where a literal, quoted identifier or comment starting at `i` ends (or `i` if none starts). */
function skipEnd(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c && sql[j + 1] === c)
        j += 2; // '' and "" escape the quote (SQL standard)
      else if (sql[j] === c) return j + 1;
      else j++;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const j = sql.indexOf('\n', i);
    return j < 0 ? sql.length : j;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const j = sql.indexOf('*/', i + 2);
    return j < 0 ? sql.length : j + 2;
  }
  return i;
}
