import type { Migration } from '../migrations.js';
import { sqliteDdlToPostgres } from '../pg-ddl.js';

/**
 * The workbench's people and what they did, kept in the case so that every server process of a
 * team (and every process of `serve --processes N` on a laptop) sees the same ones:
 * - `users`: accounts of this case with their role (reader, editor, admin) and scrypt hash;
 *   `source` tells accounts made with `leaklens users add` (`cli`) from those read from a
 *   users.json file (`file`), which follow the file on each start;
 * - `sessions`: the SHA-256 of each session token (a copy of the database holds no live token),
 *   its CSRF token and expiry (Unix milliseconds);
 * - `login_attempts`: failed-login counters per account+address and per address, counted
 *   atomically by the database so that every process sees every attempt;
 * - `audit_log`: who opened, searched, exported or annotated what, append-only;
 * - one tag per item, value and author, enforced by the database: two requests of the same user
 *   adding the same tag at once (two processes, two tabs) leave one row, while two users' tags
 *   are both kept. Copies left by the old check-then-insert are removed first (the oldest stays).
 */
const DDL = `
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  role TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  csrf TEXT NOT NULL,
  expires INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_name);
CREATE TABLE IF NOT EXISTS login_attempts (
  attempt_key TEXT PRIMARY KEY,
  fails INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  strikes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log(user_name, id);
CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log(target, id);
DELETE FROM annotations WHERE kind = 'tag' AND id NOT IN (
  SELECT min(id) FROM annotations WHERE kind = 'tag' GROUP BY item_id, value, author);
CREATE UNIQUE INDEX IF NOT EXISTS annotations_tag_once ON annotations(item_id, value, author) WHERE kind = 'tag';
`;

export const ACCOUNTS: Migration = {
  id: 3,
  name: 'accounts',
  sqlite: DDL,
  postgres: sqliteDdlToPostgres(DDL),
};
