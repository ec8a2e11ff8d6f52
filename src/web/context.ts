import type { Context } from 'hono';
import type { AuditLog } from '../accounts/audit.js';
import type { RateLimiter } from '../accounts/login-limit.js';
import type { Role } from '../accounts/roles.js';
import type { SessionStore } from '../accounts/sessions.js';
import type { Users } from '../accounts/users.js';
import type { SqlDb } from '../case/sql-db.js';
import type { Store } from '../store/store.js';

/**
 * What every workbench needs, on a laptop case (SQLite) or a team case (PostgreSQL): accounts,
 * sessions, login limits, the audit log and annotations all go through `db` (a `SqlDb`), so
 * several server processes share them.
 */
export interface ServerContext {
  db: SqlDb;
  users: Users;
  sessions: SessionStore;
  /** Failed logins per account and client address. */
  limiter: RateLimiter;
  /** Failed logins per client address, all accounts together (password spraying). */
  addressLimiter: RateLimiter;
  audit: AuditLog;
  /** Resolves once users.json entries are in the case and `localMode` is known. */
  ready: Promise<void>;
  /** No user in the case: local mode (127.0.0.1 only, no login, everyone is "local", an admin). */
  localMode: boolean;
  /** Proxy addresses whose `X-Forwarded-For` is believed (`--trust-proxy`); empty = none. */
  trustedProxies: string[];
  /** CSRF token of local mode (no sessions): same-origin pages fetch it from /api/session. */
  localCsrf: string;
  /** Host header values accepted (DNS-rebinding defence); empty = accept any. */
  allowedHosts: string[];
  /** Cookies get `Secure` (set when a TLS proxy fronts the server). */
  secureCookies: boolean;
  assetsDir: string;
  /** Bumped by every write through the workbench (tags, notes): cached searches become stale. */
  generation: number;
  /**
   * A team case's write version, read now (case/migrations/0019-pg-case-writes.ts); absent on a
   * laptop case, whose workbench keeps searches 30 s and item pages not at all.
   */
  caseVersion?: () => Promise<string>;
}

/**
 * The case's write version for this request, on a team server: the one read with its session
 * (authGate), or read now (local mode has no session); undefined on a laptop server. Answers kept
 * under it are those of the case as this request sees it.
 */
export async function caseVersionOf(c: Context<WebEnv>, ctx: ServerContext): Promise<string | undefined> {
  if (!ctx.caseVersion) return undefined;
  const seen = c.get('caseVersion');
  if (seen !== undefined) return seen;
  const v = await ctx.caseVersion();
  c.set('caseVersion', v);
  return v;
}

/** The laptop workbench: everything above plus the case directory's `Store` its pages read. */
export interface WebContext extends ServerContext {
  store: Store;
  caseDir: string;
}

/** Variables Hono carries per request. */
export interface WebEnv {
  Variables: {
    user: string;
    role: Role;
    csrf: string;
    sessionId?: string;
    address: string;
    /** Team servers: the case's write version read with the session (caseVersionOf). */
    caseVersion?: string;
  };
}

export { hasTable, parseJson } from '../store/tables.js';

/** A bounded integer from a query parameter. */
export function intParam(v: string | undefined, def: number, min: number, max: number): number {
  const n = Number.parseInt(v ?? '', 10);
  if (!Number.isFinite(n)) return def;
  return Math.min(max, Math.max(min, n));
}

/**
 * Looks a user-supplied key up in a map of our own: only own properties count, so `__proto__`,
 * `constructor` or `toString` never reach an inherited value (they answered 500, issue #18).
 * @example ownValue(SORTS, c.req.query('sort')) // undefined for 'constructor'
 */
export function ownValue<T>(map: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The message of a 400 for a keyed parameter with an unknown value. */
export function unknownValue(param: string, value: string, known: Iterable<string>): { error: string } {
  return { error: `unknown ${param} "${value.slice(0, 100)}": one of ${[...known].join(', ')}` };
}
