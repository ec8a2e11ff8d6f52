import type { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { ServerContext, WebEnv } from '../context.js';
import { SESSION_COOKIE, sessionCookie } from '../sessions.js';

/** Login, logout and the session probe the front end calls first (it returns the CSRF token). */
export function sessionRoutes(app: Hono<WebEnv>, ctx: ServerContext): void {
  app.get('/api/session', (c) => {
    const user = c.get('user');
    if (!user) return c.json({ authenticated: false, authRequired: true });
    return c.json({
      authenticated: true,
      authRequired: !ctx.localMode,
      user,
      role: c.get('role'),
      csrf: c.get('csrf'),
    });
  });

  app.post('/api/login', async (c) => {
    if (ctx.localMode) return c.json({ error: 'this server has no users: it runs in local mode' }, 400);
    const body = (await c.req.json().catch(() => ({}))) as { user?: unknown; password?: unknown };
    // NUL cannot be stored in PostgreSQL text; no user name holds one.
    const user = typeof body.user === 'string' ? body.user.replaceAll('\u0000', '').slice(0, 200) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
    const ip = c.get('address');
    // Locked per account *and* address: a guesser elsewhere cannot lock the owner out. The address
    // alone has a higher limit, against one client spraying many accounts. Each attempt is counted
    // in the case database by one atomic statement before the hash is awaited, so concurrent
    // guesses, in this process or any other, see each other (no race).
    const pair = JSON.stringify([user, ip]);
    const first = await ctx.limiter.attempt(pair);
    const second = first.ok ? await ctx.addressLimiter.attempt(ip) : first;
    if (!second.ok) {
      if (first.ok) await ctx.limiter.forgive(pair);
      c.header('Retry-After', String(second.retryAfter));
      return c.json({ error: 'too many failed logins; try again later' }, 429);
    }
    const account = await ctx.users.verify(user, password);
    if (!account) {
      await ctx.audit.record({ user, action: 'login-failed', target: user, address: ip });
      return c.json({ error: 'wrong user name or password' }, 401);
    }
    await ctx.limiter.reset(pair);
    await ctx.addressLimiter.forgive(ip);
    await ctx.sessions.destroy(getCookie(c, SESSION_COOKIE));
    const s = await ctx.sessions.create(account.name, account.role);
    await ctx.audit.record({ user: account.name, action: 'login', target: account.name, address: ip });
    c.header('Set-Cookie', sessionCookie(s.id, ctx.secureCookies));
    return c.json({ authenticated: true, user: account.name, role: account.role, csrf: s.csrf });
  });

  app.post('/api/logout', async (c) => {
    await ctx.sessions.destroy(c.get('sessionId'));
    if (!ctx.localMode)
      await ctx.audit.record({
        user: c.get('user'),
        action: 'logout',
        target: c.get('user'),
        address: c.get('address'),
      });
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
