import { createHash, randomBytes } from 'node:crypto';
import {
  DELETE_EXPIRED_SESSIONS,
  DELETE_SESSION,
  INSERT_SESSION,
  RENEW_SESSION,
  SELECT_SESSION,
  selectSessionWithVersion,
} from '../case/sql/accounts.js';
import type { SqlDb } from '../case/sql-db.js';
import type { Role } from './roles.js';

/**
 * Server-side sessions kept in the case database, so every server process (`serve --processes N`,
 * or several machines behind one proxy) knows every session, and a restart logs no one out. The
 * session id travels in a cookie that is HttpOnly, SameSite=Strict and Secure behind TLS; the
 * database holds only its SHA-256, so a copy of the database holds no usable session. Each session
 * has a CSRF token returned by /api/session that must come back in `X-CSRF-Token` on every
 * state-changing request (OWASP "synchronizer token" pattern).
 */
export interface Session {
  id: string;
  user: string;
  /** The user's role now (read with the session: a role change applies at the next request). */
  role: Role;
  csrf: string;
  expires: number;
  /**
   * The case's write version read in the same statement (team cases: the server keeps answers
   * under it, case/migrations/0019-pg-case-writes.ts), when the store was given its SQL.
   */
  caseVersion?: string;
}

/** Sessions end after 12 idle hours: a working day, not a week on a shared machine. */
export const SESSION_TTL_MS = 12 * 3600_000;
/**
 * A session's expiry is pushed back at most once a minute: renewing on every request would turn
 * each read into a write, and idle time is measured in hours.
 */
export const RENEW_EVERY_MS = 60_000;

export class SessionStore {
  private readonly select: string;

  /**
   * `versionSql`: a scalar query of the case's write version, read with each session in one
   * statement (one round trip per request instead of two on a team server).
   */
  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
    versionSql?: string,
  ) {
    this.select = versionSql ? selectSessionWithVersion(versionSql) : SELECT_SESSION;
  }

  async create(user: string, role: Role): Promise<Session> {
    const s = { id: token(), user, role, csrf: token(), expires: this.now() + SESSION_TTL_MS };
    await this.db.run(DELETE_EXPIRED_SESSIONS, [this.now()]);
    await this.db.run(INSERT_SESSION, [tokenHash(s.id), user, s.csrf, s.expires]);
    return s;
  }

  /** The live session of a cookie value, renewed; undefined when unknown, expired or its user removed. */
  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id || id.length > 100) return undefined;
    const key = tokenHash(id);
    const row = await this.db.get<{
      user: string;
      csrf: string;
      expires: number;
      role: Role;
      case_version?: string;
    }>(this.select, [key]);
    if (!row) return undefined;
    const now = this.now();
    if (Number(row.expires) < now) {
      await this.db.run(DELETE_SESSION, [key]);
      return undefined;
    }
    let expires = Number(row.expires);
    if (now + SESSION_TTL_MS - expires >= RENEW_EVERY_MS) {
      expires = now + SESSION_TTL_MS;
      await this.db.run(RENEW_SESSION, [expires, key]);
    }
    const s: Session = { id, user: row.user, role: row.role, csrf: row.csrf, expires };
    if (row.case_version !== undefined) s.caseVersion = row.case_version;
    return s;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.db.run(DELETE_SESSION, [tokenHash(id)]);
  }
}

export function token(): string {
  return randomBytes(32).toString('base64url');
}

function tokenHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
