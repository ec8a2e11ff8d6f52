import { createHash, randomBytes } from 'node:crypto';
import { prepared } from '../case/prepared.js';
import {
  DELETE_EXPIRED_SESSIONS,
  DELETE_SESSION,
  INSERT_SESSION,
  RENEW_SESSION,
  SELECT_SESSION,
  selectSessionsGrouped,
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

/** Sessions whose last renewal a process remembers, at most. */
const MAX_RENEWED = 10_000;

/** Cookies per grouped read, at most (one array parameter: far under any limit). */
const MAX_GROUP = 1000;

interface SessionRow {
  user: string;
  csrf: string;
  expires: number;
  role: Role;
  case_version?: string;
}

export class SessionStore {
  private readonly select: string;
  /** `group`: the grouped statement, and the reads waiting for the statement after the one under way. */
  private readonly grouped: string | undefined;
  private waiting: { key: string; done: (row: SessionRow | undefined, err?: Error) => void }[] = [];
  private reading = false;
  /** The expiry this process last wrote, per session (bounded: cleared past MAX_RENEWED). */
  private readonly renewed = new Map<string, number>();

  /**
   * `versionSql`: a scalar query of the case's write version, read with each session in one
   * statement (one round trip per request instead of two on a team server).
   * `group` (PostgreSQL, a team server): concurrent reads share one statement (groupRead).
   */
  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
    versionSql?: string,
    opts: { group?: boolean } = {},
  ) {
    this.select = versionSql ? selectSessionWithVersion(versionSql) : SELECT_SESSION;
    if (opts.group) {
      if (db.dialect !== 'postgres') throw new Error('grouped session reads need PostgreSQL');
      this.grouped = prepared(selectSessionsGrouped(versionSql ?? "''"));
    }
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
    const row = this.grouped ? await this.groupRead(key) : await this.db.get<SessionRow>(this.select, [key]);
    if (!row) return undefined;
    const now = this.now();
    if (Number(row.expires) < now) {
      await this.db.run(DELETE_SESSION, [key]);
      return undefined;
    }
    let expires = Number(row.expires);
    if (now + SESSION_TTL_MS - expires >= RENEW_EVERY_MS) {
      // Concurrent requests of one session read the same expiry: one of them renews it, the
      // others take the new expiry instead of writing the same row again (a team server's grouped
      // reads hand it to hundreds at once).
      const renewed = this.renewed.get(key);
      if (renewed !== undefined && now + SESSION_TTL_MS - renewed < RENEW_EVERY_MS) expires = renewed;
      else {
        expires = now + SESSION_TTL_MS;
        if (this.renewed.size >= MAX_RENEWED) this.renewed.clear();
        this.renewed.set(key, expires);
        await this.db.run(RENEW_SESSION, [expires, key]).catch((err: Error) => {
          // not written: the next request of the session tries again
          this.renewed.delete(key);
          throw err;
        });
      }
    }
    const s: Session = { id, user: row.user, role: row.role, csrf: row.csrf, expires };
    if (row.case_version !== undefined) s.caseVersion = row.case_version;
    return s;
  }

  /**
   * A grouped read (a team server under load): the session is read by the next statement of this
   * process, together with every session asked for while the previous statement was under way,
   * one round trip for all of them (as the audit log's group commit, accounts/audit.ts). The
   * statement is sent after the request asked, so it sees every write committed before the
   * request arrived: a removed user, a deleted session or a changed role counts at the next
   * request exactly as with one statement per request, and the case version read with it is as
   * recent (caches keyed by it show every write committed before the request). Alone, a read
   * waits for nothing.
   */
  private groupRead(key: string): Promise<SessionRow | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, done: (row, err) => (err ? reject(err) : resolve(row)) });
      if (!this.reading) void this.readGroups();
    });
  }

  private async readGroups(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.length) {
        const group = this.waiting.splice(0, MAX_GROUP);
        try {
          const keys = [...new Set(group.map((g) => g.key))];
          const rows = await this.db.all<SessionRow & { token_hash: string }>(this.grouped as string, [keys]);
          const byKey = new Map(rows.map((r) => [r.token_hash, r]));
          // Each caller gets its own copy: get() must not share a row between requests.
          for (const g of group) {
            const r = byKey.get(g.key);
            g.done(r ? { ...r } : undefined);
          }
        } catch (err) {
          for (const g of group) g.done(undefined, err as Error);
        }
      }
    } finally {
      this.reading = false;
    }
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
