import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Server-side sessions (in memory: a restart logs everyone out, which is acceptable for a workbench)
 * and the CSRF token bound to each. The session id travels in a cookie that is HttpOnly (no script
 * can read it), SameSite=Strict (never sent on a cross-site request) and Secure when served over
 * TLS; the CSRF token is returned by /api/session and must come back in `X-CSRF-Token` on every
 * state-changing request (OWASP "synchronizer token" pattern).
 */
export interface Session {
  id: string;
  user: string;
  csrf: string;
  expires: number;
}

export const SESSION_COOKIE = 'leaklens_session';
/** Sessions end after 12 idle hours: a working day, not a week on a shared machine. */
export const SESSION_TTL_MS = 12 * 3600_000;

export class SessionStore {
  private readonly map = new Map<string, Session>();
  constructor(private readonly now: () => number = Date.now) {}

  create(user: string): Session {
    const s = { id: token(), user, csrf: token(), expires: this.now() + SESSION_TTL_MS };
    this.map.set(s.id, s);
    return s;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.map.get(id);
    if (!s) return undefined;
    if (s.expires < this.now()) {
      this.map.delete(id);
      return undefined;
    }
    s.expires = this.now() + SESSION_TTL_MS;
    return s;
  }

  destroy(id: string | undefined): void {
    if (id) this.map.delete(id);
  }
}

export function token(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Builds the Set-Cookie value of a session. */
export function sessionCookie(id: string, secure: boolean, maxAgeS = SESSION_TTL_MS / 1000): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeS)}${secure ? '; Secure' : ''}`;
}
