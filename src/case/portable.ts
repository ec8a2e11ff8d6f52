import { byCodePoint } from './has-table.js';
import type { SqlDb } from './sql-db.js';
import { SqliteDb } from './sqlite-db.js';

/**
 * SQL fragments that read the same on SQLite and PostgreSQL where the two engines' functions
 * differ, so a reader gives equal rows on a laptop case and a team case (HOUSE.md "src/case/").
 */

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/**
 * `expr` lower-cased as SQLite's built-in `lower()` does it: ASCII letters only (PostgreSQL's
 * `lower()` also folds É, Ж…, which would make a search match on one engine and not the other).
 * @example `WHERE ${asciiLower(db, 'name')} LIKE ?`
 */
export function asciiLower(db: SqlDb, expr: string): string {
  return db.dialect === 'postgres' ? `translate(${expr}, '${UPPER}', '${LOWER}')` : `lower(${expr})`;
}

/**
 * `expr LIKE ? ESCAPE '\'` with SQLite's semantics on both engines: ASCII letters match in either
 * case, other characters exactly (PostgreSQL's LIKE is case-sensitive, its ILIKE folds Unicode).
 * @example `WHERE ${likeAscii(db, 'd.filename')}` with the pattern bound
 */
export function likeAscii(db: SqlDb, expr: string): string {
  return db.dialect === 'postgres'
    ? `${asciiLower(db, expr)} LIKE ${asciiLower(db, '?')} ESCAPE '\\'`
    : `${expr} LIKE ? ESCAPE '\\'`;
}

/**
 * The text value of one top-level key of a JSON text column (null when absent).
 * @example jsonText(db, 'metadata_json', 'author') // json_extract(metadata_json, '$.author') on SQLite
 */
export function jsonText(db: SqlDb, column: string, key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a plain JSON key: ${key}`);
  return db.dialect === 'postgres'
    ? `(${column}::jsonb ->> '${key}')`
    : `json_extract(${column}, '$.${key}')`;
}

/**
 * A JSON key as a sort term ordering as SQLite orders `json_extract`'s values: NULL, then numbers
 * by value, then text by code point (PostgreSQL's `->>` gives text only, ordered by its locale).
 * Returns the terms to put in ORDER BY, each followed by `dir`.
 */
export function jsonSortTerms(db: SqlDb, column: string, key: string): string[] {
  if (db.dialect === 'sqlite') return [jsonText(db, column, key)];
  const v = `(${column}::jsonb -> '${key}')`;
  return [
    `CASE WHEN jsonb_typeof(${v}) = 'number' THEN 0 WHEN ${v} IS NULL OR jsonb_typeof(${v}) = 'null' THEN NULL ELSE 1 END`,
    `CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::numeric END`,
    byCodePoint(db, jsonText(db, column, key)),
  ];
}

/** Where `needle` (bound) occurs in `hay`: SQLite's instr, PostgreSQL's strpos (both 1-based, 0 = absent). */
export function position(db: SqlDb, hay: string): string {
  return db.dialect === 'postgres' ? `strpos(${hay}, ?)` : `instr(${hay}, ?)`;
}

/** The rows of a group counted where `cond` holds (SQLite sums booleans, PostgreSQL does not). */
export const countWhere = (cond: string): string => `sum(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;

/** Whether writes to this case are refused (a laptop case opened read-only). */
export function readOnly(db: SqlDb): boolean {
  return db instanceof SqliteDb && db.raw.readonly;
}
