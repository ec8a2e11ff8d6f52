/**
 * Statements of the accounts tables (migration 3): users, sessions, login attempts, audit log.
 * In the subset SQLite and PostgreSQL share (`?` placeholders, ON CONFLICT, RETURNING).
 */

export const SELECT_USER =
  'SELECT name, hash, role, source, created_at AS "createdAt" FROM users WHERE name = ?';
export const SELECT_USERS = 'SELECT name, role, source, created_at AS "createdAt" FROM users ORDER BY name';
export const SELECT_FILE_USERS = "SELECT name FROM users WHERE source = 'file'";
export const COUNT_USERS = 'SELECT count(*) AS n FROM users';
export const INSERT_USER =
  'INSERT INTO users(name, hash, role, source, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING';
/** A users.json entry: its hash (and role, when the file names one) follow the file. */
export const UPSERT_FILE_USER = `INSERT INTO users(name, hash, role, source, created_at) VALUES (?, ?, ?, 'file', ?)
  ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, role = excluded.role, source = 'file'`;
export const UPDATE_ROLE = 'UPDATE users SET role = ? WHERE name = ?';
export const UPDATE_HASH = 'UPDATE users SET hash = ? WHERE name = ?';
export const DELETE_USER = 'DELETE FROM users WHERE name = ?';

export const INSERT_SESSION =
  'INSERT INTO sessions(token_hash, user_name, csrf, expires) VALUES (?, ?, ?, ?)';
/** A session counts only while its user exists: removing a user ends their sessions at once. */
export const SELECT_SESSION = `SELECT s.user_name AS "user", s.csrf, s.expires, u.role
  FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ?`;
/** SELECT_SESSION with the case's write version (`versionSql`, a scalar query) as `case_version`. */
export function selectSessionWithVersion(versionSql: string): string {
  return SELECT_SESSION.replace(' FROM sessions s', `, (${versionSql}) AS case_version\n  FROM sessions s`);
}
/**
 * PostgreSQL: the sessions of several cookies in one statement (a team server's grouped read,
 * accounts/sessions.ts), each row with its `token_hash`, and the case's write version
 * (`versionSql`, an uncorrelated scalar query: computed once per statement) as `case_version`.
 */
export function selectSessionsGrouped(versionSql: string): string {
  return `SELECT s.token_hash, s.user_name AS "user", s.csrf, s.expires, u.role, (${versionSql}) AS case_version
  FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ANY(CAST(? AS TEXT[]))`;
}
export const RENEW_SESSION = 'UPDATE sessions SET expires = ? WHERE token_hash = ?';
export const DELETE_SESSION = 'DELETE FROM sessions WHERE token_hash = ?';
export const DELETE_USER_SESSIONS = 'DELETE FROM sessions WHERE user_name = ?';
export const DELETE_EXPIRED_SESSIONS = 'DELETE FROM sessions WHERE expires < ?';

/**
 * Counts one login attempt atomically (one statement, so concurrent attempts from any number of
 * processes each get their own count) unless the key is locked: then no row comes back. A window
 * that has passed starts over at 1; a key quiet for a whole lock period loses its strikes.
 * Parameters: key, now, now - window, now - window, now, now - max lock, now - window, now.
 */
export const COUNT_ATTEMPT = `INSERT INTO login_attempts(attempt_key, fails, window_start, locked_until, strikes)
  VALUES (?, 1, ?, 0, 0)
  ON CONFLICT (attempt_key) DO UPDATE SET
    fails = CASE WHEN login_attempts.window_start <= ? THEN 1 ELSE login_attempts.fails + 1 END,
    window_start = CASE WHEN login_attempts.window_start <= ? THEN ? ELSE login_attempts.window_start END,
    strikes = CASE WHEN login_attempts.locked_until < ? AND login_attempts.window_start <= ? THEN 0
                   ELSE login_attempts.strikes END
  WHERE login_attempts.locked_until <= ?
  RETURNING fails, window_start AS "windowStart", strikes`;
export const SELECT_ATTEMPT =
  'SELECT fails, window_start AS "windowStart", locked_until AS "lockedUntil", strikes FROM login_attempts WHERE attempt_key = ?';
/** The attempt that reached the maximum locks the key and starts a new count. */
export const LOCK_ATTEMPT =
  'UPDATE login_attempts SET locked_until = ?, strikes = strikes + 1, fails = 0 WHERE attempt_key = ?';
/** A successful attempt takes its own count back (earlier failures stay). */
export const FORGIVE_ATTEMPT =
  'UPDATE login_attempts SET fails = fails - 1 WHERE attempt_key = ? AND fails > 0';
export const RESET_ATTEMPTS = 'DELETE FROM login_attempts WHERE attempt_key = ?';

/** One statement writing `n` audit entries (6 parameters each): a batch commits as one. */
export function insertAudit(n: number): string {
  return `INSERT INTO audit_log(at, user_name, action, target, detail, address) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`;
}
/** Newest first; every filter optional (a null parameter matches everything). */
export const SELECT_AUDIT = `SELECT id, at, user_name AS "user", action, target, detail, address FROM audit_log
  WHERE (CAST(? AS TEXT) IS NULL OR user_name = ?) AND (CAST(? AS TEXT) IS NULL OR action = ?)
    AND (CAST(? AS TEXT) IS NULL OR target = ?)
  ORDER BY id DESC LIMIT ?`;
