import type { Dialect } from '../case/sql-db.js';

/**
 * Filters (filters.ts) write their conditions once, in SQLite's SQL. On PostgreSQL four
 * constructs differ, and are rewritten here rather than in every filter:
 *   - `LIKE` is case-insensitive in SQLite (ASCII letters) and case-sensitive in PostgreSQL:
 *     `ILIKE` keeps `from:Jean` finding jean@… (ILIKE also folds non-ASCII letters, which SQLite's
 *     LIKE does not: on PostgreSQL `from:élise` also finds "Élise").
 *   - `json_each(?)` (a JSON array parameter) is `json_array_elements_text(?::json)`.
 *   - `json_extract(col, '$.key')` is `(col::json ->> 'key')`.
 *   - `ll_name_fold(col)` (a JavaScript function registered on SQLite connections: folds case and
 *     accents in every script and adds the Latin form of Cyrillic names) has no PostgreSQL twin;
 *     `lower(public.unaccent(col))` folds case and accents, without the transliteration.
 * @example forDialect("a LIKE ? ESCAPE '\\'", 'postgres') // "a ILIKE ? ESCAPE '\\'"
 */
export function forDialect(sql: string, dialect: Dialect): string {
  if (dialect === 'sqlite') return sql;
  return sql
    .replace(/\bLIKE\b/g, 'ILIKE')
    .replace(/\bjson_each\(\?\)/g, 'json_array_elements_text(?::json)')
    .replace(/\bjson_extract\((\w+), '\$\.(\w+)'\)/g, "($1::json ->> '$2')")
    .replace(/\bll_name_fold\(([\w.]+)\)/g, 'lower(public.unaccent($1))');
}
