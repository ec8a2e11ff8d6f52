import { existsSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Store } from '../store/store.js';
import { oneLine } from '../util/terminal-safe.js';
import { loadUsers, type User } from './auth.js';
import type { WebContext, WebEnv } from './context.js';
import { MAX_ADDRESS_FAILURES, RateLimiter } from './rate-limit.js';
import { registerRoutes } from './routes/index.js';
import { normaliseIp } from './routes/session.js';
import { authGate, csrfGuard, hostCheck, securityHeaders } from './security.js';
import { SessionStore, token } from './sessions.js';
import { defaultAssetsDir, staticRoutes } from './static.js';

export interface AppOptions {
  store: Store;
  users?: User[];
  allowedHosts?: string[];
  secureCookies?: boolean;
  assetsDir?: string;
  /** Proxy addresses whose X-Forwarded-For is believed (`--trust-proxy`). */
  trustedProxies?: string[];
}

/**
 * Builds the workbench application (no socket: tests call `app.request`).
 * @example
 * const { app } = createApp({ store: Store.open(dir) });
 * const res = await app.request('/api/overview');
 */
export function createApp(opts: AppOptions): { app: Hono<WebEnv>; ctx: WebContext } {
  const ctx: WebContext = {
    store: opts.store,
    caseDir: opts.store.path,
    users: opts.users ?? [],
    sessions: new SessionStore(),
    limiter: new RateLimiter(),
    addressLimiter: new RateLimiter(MAX_ADDRESS_FAILURES),
    trustedProxies: (opts.trustedProxies ?? []).map(normaliseIp),
    localCsrf: token(),
    allowedHosts: (opts.allowedHosts ?? []).map((h) => h.toLowerCase()),
    secureCookies: opts.secureCookies ?? false,
    assetsDir: opts.assetsDir ?? defaultAssetsDir(),
    generation: 0,
  };
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders(), hostCheck(ctx), authGate(ctx), csrfGuard());
  registerRoutes(app, ctx);
  staticRoutes(app, ctx);
  app.notFound((c) =>
    c.req.path.startsWith('/api/') ? c.json({ error: 'not found' }, 404) : c.text('not found', 404),
  );
  app.onError((err, c) => {
    // The path is the requester's (decoded, it can hold ESC) and the message may quote leaked data.
    process.stderr.write(
      `leaklens serve: ${oneLine(c.req.method)} ${oneLine(c.req.path)}: ${oneLine(err.message)}\n`,
    );
    return c.json({ error: 'internal error' }, 500);
  });
  return { app, ctx };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The bind rule of the issue: loopback needs nothing; any other address refuses to start unless
 * users are configured. Returns the users to enforce (none on loopback without a users file).
 * @example
 * resolveUsers('0.0.0.0', undefined) // throws: no users configured
 */
export function resolveUsers(host: string, usersFile: string | undefined, caseDir: string): User[] {
  const file =
    usersFile ?? (existsSync(join(caseDir, 'users.json')) ? join(caseDir, 'users.json') : undefined);
  const users = file ? loadUsers(file) : [];
  if (!LOOPBACK.has(host) && users.length === 0) {
    throw new BindRefused(
      `refusing to listen on ${host} without authentication: create users (leaklens serve --hash-password) ` +
        `in ${join(caseDir, 'users.json')} or pass --users FILE; or bind 127.0.0.1`,
    );
  }
  return users;
}

export class BindRefused extends Error {}

/**
 * Host header values accepted for this bind (DNS-rebinding defence, never "any"): on loopback the
 * loopback names; beyond it the bound address, or every address and the name of this machine for
 * a wildcard bind (0.0.0.0, ::). Public host names (`--public-host`) are accepted with the port,
 * without it (what a TLS proxy on 443 sends) and with :80 or :443.
 * @example hostsFor('0.0.0.0', 8765, ['leaks.example']) // [..., 'leaks.example', 'leaks.example:8765', ...]
 */
export function hostsFor(host: string, port: number, extra: string[] = []): string[] {
  const withPort = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]:${port}` : `${h}:${port}`);
  const pub = extra.flatMap((h) => (/:\d+$/.test(h) ? [h] : [h, `${h}:${port}`, `${h}:443`, `${h}:80`]));
  if (LOOPBACK.has(host)) return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...pub];
  const own = host === '0.0.0.0' || host === '::' ? machineAddresses() : [host];
  return [...own.map(withPort), ...pub].map((h) => h.toLowerCase());
}

function machineAddresses(): string[] {
  const out = new Set<string>(['127.0.0.1', 'localhost', '::1', hostname()]);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) out.add(a.address.replace(/%.*$/, ''));
  return [...out];
}

export interface ServeOptions extends AppOptions {
  host: string;
  port: number;
}

/** Starts listening; resolves once the socket is bound, with the actual port. */
export function startServer(opts: ServeOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const { app, ctx } = createApp(opts);
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, (info) => {
      if (!opts.allowedHosts) ctx.allowedHosts = hostsFor(opts.host, info.port);
      resolvePromise({
        port: info.port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
    server.once('error', reject);
  });
}
