import { timingSafeEqual } from 'node:crypto';
import { SESSION_TTL_MS } from '../accounts/sessions.js';

/** The cookie carrying a session id (the sessions themselves live in the case: accounts/sessions.ts). */
export const SESSION_COOKIE = 'leaklens_session';

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
