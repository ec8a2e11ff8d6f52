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
    const ip = clientAddress(c.env);
    const keys = [`ip:${ip}`, `user:${user}`];
    const blocked = keys.find((k) => !ctx.limiter.allowed(k));
    if (blocked) {
      c.header('Retry-After', String(ctx.limiter.retryAfter(blocked)));
      return c.json({ error: 'too many failed logins; try again later' }, 429);
    }
    if (!(await checkLogin(ctx.users, user, password))) {
      for (const k of keys) ctx.limiter.fail(k);
      return c.json({ error: 'wrong user name or password' }, 401);
    }
    ctx.limiter.reset(`user:${user}`);
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

/** The peer address from @hono/node-server's bindings (absent under app.request in tests). */
function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
