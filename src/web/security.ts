import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { can, type Permission } from '../accounts/roles.js';
import type { ServerContext, WebEnv } from './context.js';
import { APP_CSP, COMMON_HEADERS } from './csp.js';
import { clientAddress } from './routes/session.js';
import { SESSION_COOKIE, sameToken } from './sessions.js';

/** Sets the common security headers, and the app CSP unless a route set a stricter one. */
export function securityHeaders(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(COMMON_HEADERS)) c.res.headers.set(k, v);
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', APP_CSP);
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}

/**
 * Refuses requests whose Host is not one the server was bound to: a hostile web page could
 * otherwise point its own domain at 127.0.0.1 (DNS rebinding) and read the case through it.
 */
export function hostCheck(ctx: ServerContext): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (ctx.allowedHosts.length) {
      const host = (c.req.header('host') ?? '').toLowerCase();
      if (!ctx.allowedHosts.includes(host)) return c.text('unknown host', 421);
    }
    await next();
  };
}

const PUBLIC = [
  /^\/login(\.html)?$/,
  /^\/assets\/login\.(js|css)$/,
  /^\/assets\/style\.css$/,
  /^\/assets\/favicon\.svg$/,
  /^\/api\/login$/,
  /^\/api\/session$/,
];

/**
 * With users in the case, everything but the login page needs a live session (kept in the case
 * database, so any server process knows it); an unknown visitor gets 401 on every API route and
 * the login page for every other page. Sets the user, role and client address of the request.
 */
export function authGate(ctx: ServerContext): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    await ctx.ready;
    c.set('address', clientAddress(c.env, c.req.header('x-forwarded-for'), ctx.trustedProxies));
    if (ctx.localMode) {
      c.set('user', 'local');
      c.set('role', 'admin');
      c.set('csrf', ctx.localCsrf);
      return next();
    }
    const s = await ctx.sessions.get(getCookie(c, SESSION_COOKIE));
    if (s) {
      c.set('user', s.user);
      c.set('role', s.role);
      c.set('csrf', s.csrf);
      c.set('sessionId', s.id);
      if (s.caseVersion !== undefined) c.set('caseVersion', s.caseVersion);
      return next();
    }
    if (PUBLIC.some((re) => re.test(c.req.path))) return next();
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'login required' }, 401);
    return c.redirect('/login', 302);
  };
}

/**
 * What a request needs (roles/roles.ts): managing users and reading the audit log need an admin;
 * writing tags, notes and saved searches, and downloading originals or exports, need an editor;
 * everything else a reader.
 */
export function permissionFor(method: string, path: string): Permission {
  if (path === '/api/users' || path.startsWith('/api/users/')) return 'manage-users';
  if (path === '/api/audit') return 'audit';
  if (path.startsWith('/api/blobs/') || path === '/api/graph.gexf') return 'export';
  const write = !SAFE_METHODS.has(method);
  if (write && (/^\/api\/items\/[^/]+\/annotations$/.test(path) || path.startsWith('/api/annotations/')))
    return 'annotate';
  if (write && (path === '/api/saved-searches' || path.startsWith('/api/saved-searches/'))) return 'annotate';
  return 'read';
}

/** Refuses (403) a signed-in user whose role does not allow the request; enforced here, on the server. */
export function roleGuard(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const role = c.get('role');
    if (!role) return next(); // public routes before login (login page, /api/login, /api/session)
    const need = permissionFor(c.req.method, c.req.path);
    if (!can(role, need))
      return c.json({ error: `your role (${role}) does not allow this: ${need} needs a higher role` }, 403);
    return next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request must carry the session's token in `X-CSRF-Token` (a cross-site
 * page cannot read it: no CORS headers are ever sent), must be JSON (a cross-site form cannot send
 * that without a preflight), and when the browser sends Origin it must be this server's.
 * Login itself has no session yet, so it is protected by the Origin and JSON checks alone.
 */
export function csrfGuard(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    if (origin && host && origin !== `http://${host}` && origin !== `https://${host}`) {
      return c.json({ error: 'cross-origin request refused' }, 403);
    }
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/json')) return c.json({ error: 'JSON body required' }, 415);
    if (c.req.path === '/api/login') return next();
    if (!sameToken(c.req.header('x-csrf-token'), c.get('csrf'))) {
      return c.json({ error: 'missing or wrong CSRF token' }, 403);
    }
    return next();
  };
}
