import type Database from 'better-sqlite3';
import { fold } from './normalize.js';
import { nameForms } from './translit.js';

const registered = new WeakSet<Database.Database>();

/**
 * SQL functions the name filters need on a connection. SQLite's lower() and LIKE fold ASCII only,
 * so `lower('Рошка') LIKE '%рошка%'` is false: `ll_name_fold(x)` folds case and accents in every
 * script (JS toLowerCase) and appends the Latin transliteration of Cyrillic names, so one LIKE
 * finds a name in either script.
 * @example registerNameFunctions(db); db.prepare("SELECT ll_name_fold('Рошка')").pluck().get() // 'рошка roshka'
 */
export function registerNameFunctions(db: Database.Database): void {
  if (registered.has(db)) return;
  registered.add(db);
  db.function('ll_name_fold', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' ? nameFold(s) : null,
  );
}

/** Folded forms of a name, space-separated: the name in its script, then in Latin letters. */
export function nameFold(s: string): string {
  return [...new Set(nameForms(s).map(fold))].join(' ');
}
