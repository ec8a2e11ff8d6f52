import type { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { checkLogin } from '../auth.js';
import type { WebContext, WebEnv } from '../context.js';
import { SESSION_COOKIE, sessionCookie } from '../sessions.js';

/** Login, logout and the session probe the front end calls first (it returns the CSRF token). */
export function sessionRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/session', (c) => {
    const user = c.get('user');
    if (!user) return c.json({ authenticated: false, authRequired: true });
    return c.json({ authenticated: true, authRequired: ctx.users.length > 0, user, csrf: c.get('csrf') });
  });

  app.post('/api/login', async (c) => {
    if (!ctx.users.length) return c.json({ error: 'this server has no users: it runs in local mode' }, 400);
    const body = (await c.req.json().catch(() => ({}))) as { user?: unknown; password?: unknown };
    const user = typeof body.user === 'string' ? body.user.slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
    const ip = clientAddress(c.env, c.req.header('x-forwarded-for'), ctx.trustedProxies);
    // Locked per account *and* address: a guesser elsewhere cannot lock the owner out. The address
    // alone has a higher limit, against one client spraying many accounts.
    const pair = `${user}\u0000${ip}`;
    const lock = !ctx.limiter.allowed(pair)
      ? ctx.limiter.retryAfter(pair)
      : !ctx.addressLimiter.allowed(ip)
        ? ctx.addressLimiter.retryAfter(ip)
        : 0;
    if (lock) {
      c.header('Retry-After', String(lock));
      return c.json({ error: 'too many failed logins; try again later' }, 429);
    }
    // Counted now, before the hash is awaited: concurrent guesses see each other (no race).
    ctx.limiter.fail(pair);
    ctx.addressLimiter.fail(ip);
    if (!(await checkLogin(ctx.users, user, password))) {
      return c.json({ error: 'wrong user name or password' }, 401);
    }
    ctx.limiter.reset(pair);
    ctx.addressLimiter.forgive(ip);
    ctx.sessions.destroy(getCookie(c, SESSION_COOKIE));
    const s = ctx.sessions.create(user);
    c.header('Set-Cookie', sessionCookie(s.id, ctx.secureCookies));
    return c.json({ authenticated: true, user, csrf: s.csrf });
  });

  app.post('/api/logout', (c) => {
    ctx.sessions.destroy(c.get('sessionId'));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
}

/**
 * The client address: the socket peer from @hono/node-server's bindings (absent under app.request
 * in tests), or, only when that peer is a configured proxy (`--trust-proxy`), the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left are whatever
 * the client chose to send).
 */
export function clientAddress(env: unknown, forwarded: string | undefined, trusted: string[]): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const peer = normaliseIp(incoming?.socket?.remoteAddress ?? 'unknown');
  if (!forwarded || !trusted.includes(peer)) return peer;
  const hops = forwarded
    .split(',')
    .map((h) => normaliseIp(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.includes(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
export function normaliseIp(a: string): string {
  return a.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}
