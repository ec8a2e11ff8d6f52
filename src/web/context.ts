import type Database from 'better-sqlite3';
import type { Store } from '../store/store.js';
import type { User } from './auth.js';
import type { RateLimiter } from './rate-limit.js';
import type { SessionStore } from './sessions.js';

/** Everything a route needs, built once by `createApp`. */
export interface WebContext {
  store: Store;
  caseDir: string;
  /** Users allowed to log in; empty = local mode (127.0.0.1 only, no login). */
  users: User[];
  sessions: SessionStore;
  /** Failed logins per account and client address. */
  limiter: RateLimiter;
  /** Failed logins per client address, all accounts together (password spraying). */
  addressLimiter: RateLimiter;
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
}

/** Variables Hono carries per request. */
export interface WebEnv {
  Variables: { user: string; csrf: string; sessionId?: string };
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
