import { existsSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { AuditLog } from '../accounts/audit.js';
import { MAX_ADDRESS_FAILURES, RateLimiter } from '../accounts/login-limit.js';
import { SessionStore, token } from '../accounts/sessions.js';
import { Users } from '../accounts/users.js';
import { type CaseStore, SqlCaseStore } from '../case/case-store.js';
import { caseWritesVersion } from '../case/case-writes.js';
import { CASE_WRITES_VERSION_SQL } from '../case/migrations/0019-pg-case-writes.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import { searchCase } from '../search/search-case.js';
import type { BlobStore } from '../store/blob-store.js';
import type { Store } from '../store/store.js';
import type { CampaignReader } from '../team/campaign-reader.js';
import { oneLine } from '../util/terminal-safe.js';
import { auditTrail } from './audit-trail.js';
import { loadUsers, type User } from './auth.js';
import { caseVersionOf, type ServerContext, type WebContext, type WebEnv } from './context.js';
import { accountRoutes } from './routes/accounts.js';
import { annotationRoutes } from './routes/annotations.js';
import { casePageRoutes, registerRoutes } from './routes/index.js';
import { itemRoutes } from './routes/items.js';
import { searchRoutesOn } from './routes/search.js';
import { normaliseIp, sessionRoutes } from './routes/session.js';
import { teamCampaignRoutes } from './routes/team-campaign.js';
import { teamFailureRoutes } from './routes/team-failures.js';
import { teamTrailRoutes } from './routes/team-trail.js';
import { authGate, csrfGuard, hostCheck, roleGuard, securityHeaders } from './security.js';
import { defaultAssetsDir, staticRoutes } from './static.js';
import { campaignNeedsBlobs } from './team-routes.js';

export interface ServerOptions {
  /** Entries of a users.json file, brought into the case's users on start (accounts/users.ts). */
  users?: User[];
  allowedHosts?: string[];
  secureCookies?: boolean;
  assetsDir?: string;
  /** Proxy addresses whose X-Forwarded-For is believed (`--trust-proxy`). */
  trustedProxies?: string[];
}

export interface AppOptions extends ServerOptions {
  store: Store;
}

/** How long audit entries of a laptop (SQLite) workbench wait to be written together. */
const AUDIT_BATCH_MS = 200;

/**
 * The parts every workbench shares, over the case database `db`, plus `extra`. A team case
 * (PostgreSQL) also has a write version (case/migrations/0019-pg-case-writes.ts): it is read with
 * each session, in the same statement, and the server keeps searches, item pages and annotation
 * lists under it (caseVersionOf), so a write by any process or worker shows in the next answer.
 */
function serverContext<T extends object>(db: SqlDb, opts: ServerOptions, extra: T): ServerContext & T {
  const users = new Users(db);
  const team = db.dialect === 'postgres';
  const ctx: ServerContext & T = {
    ...extra,
    db,
    users,
    // PostgreSQL: the sessions of concurrent requests read in one statement (accounts/sessions.ts).
    sessions: new SessionStore(db, Date.now, team ? CASE_WRITES_VERSION_SQL : undefined, { group: team }),
    limiter: new RateLimiter(db, 'account'),
    addressLimiter: new RateLimiter(db, 'address', MAX_ADDRESS_FAILURES),
    // SQLite: batched, so several processes do not queue on its one write lock (accounts/audit.ts);
    // PostgreSQL: group commit, each request answered once its entry is committed.
    audit: new AuditLog(db, team ? { group: true } : { batchMs: AUDIT_BATCH_MS }),
    ready: Promise.resolve(),
    localMode: true,
    trustedProxies: (opts.trustedProxies ?? []).map(normaliseIp),
    localCsrf: token(),
    allowedHosts: (opts.allowedHosts ?? []).map((h) => h.toLowerCase()),
    secureCookies: opts.secureCookies ?? false,
    assetsDir: opts.assetsDir ?? defaultAssetsDir(),
    generation: 0,
  };
  if (team) ctx.caseVersion = () => caseWritesVersion(db);
  ctx.ready = (async () => {
    if (opts.users) await users.syncFile(opts.users);
    ctx.localMode = (await users.count()) === 0;
  })();
  // Requests wait on `ready` and fail with its error; an unhandled rejection must not end the process.
  ctx.ready.catch(() => undefined);
  return ctx;
}

/** Middleware, then `routes`, then the static front end and the error handlers. */
function buildApp(ctx: ServerContext, routes: (app: Hono<WebEnv>) => void): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders(), hostCheck(ctx), authGate(ctx), roleGuard(), csrfGuard(), auditTrail(ctx));
  sessionRoutes(app, ctx);
  accountRoutes(app, ctx);
  annotationRoutes(app, ctx);
  routes(app);
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
  return app;
}

/**
 * Builds the laptop workbench over a case directory (no socket: tests call `app.request`). Users,
 * sessions, login counters, the audit log and annotations live in the case's SQLite, reached
 * through the store's own connection (one connection per case per process, sqlite-db.ts).
 * @example
 * const { app } = createApp({ store: Store.open(dir) });
 * const res = await app.request('/api/overview');
 */
export function createApp(opts: AppOptions): { app: Hono<WebEnv>; ctx: WebContext } {
  const ctx: WebContext = serverContext(new SqliteDb(opts.store.db), opts, {
    store: opts.store,
    caseDir: opts.store.path,
  });
  return { app: buildApp(ctx, (app) => registerRoutes(app, ctx)), ctx };
}

/**
 * Builds the workbench of a team case (`serve --database URL --case-name NAME`): accounts,
 * sessions, the audit log, annotations, saved searches, search, the item pages (originals from
 * `blobs`, the workers' shared blob directory), the case pages (overview and charts,
 * documents, people and the graph, suspects) on PostgreSQL, through the same readers as the laptop,
 * and the campaign and trail pages from the shared campaign file (`campaign`).
 */
export function createTeamApp(
  db: SqlDb,
  opts: ServerOptions & { blobs?: BlobStore; campaign?: CampaignReader; caseName?: string },
): { app: Hono<WebEnv>; ctx: ServerContext } {
  const ctx = serverContext(db, opts, {});
  const routes = (app: Hono<WebEnv>) => {
    searchRoutesOn(app, ctx, (q, o) => searchCase(db, q, o));
    itemRoutes(app, { db, blobs: opts.blobs ?? null, version: (c) => caseVersionOf(c, ctx) });
    // The case store over the same pool, opened on first use (its migrations are already applied).
    let cases: Promise<CaseStore> | undefined;
    teamFailureRoutes(app, () => (cases ??= SqlCaseStore.open(db)), opts.blobs ?? null);
    // The campaign side: the case's shared DuckDB file, read-only (routes/team-campaign.ts).
    if (opts.campaign) {
      teamCampaignRoutes(app, ctx, opts.campaign);
      // The trail the last campaign job stored in that file (routes/team-trail.ts).
      teamTrailRoutes(app, opts.campaign, db);
    } else campaignNeedsBlobs(app);
    // The overview names the case as the laptop names its directory.
    casePageRoutes(app, { db, caseLabel: opts.caseName ?? '' });
  };
  return { app: buildApp(ctx, routes), ctx };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The bind rule of the issue: loopback needs nothing; any other address refuses to start unless
 * the case has users (`caseUsers`, from `leaklens users add`) or a users file names some. Returns
 * the users file's entries (none without a file: accounts that came from a file then go).
 * @example
 * resolveUsers('0.0.0.0', undefined) // throws: no users configured
 */
export function resolveUsers(
  host: string,
  usersFile: string | undefined,
  caseDir: string | undefined,
  caseUsers = 0,
): User[] {
  const own = caseDir ? join(caseDir, 'users.json') : undefined;
  const file = usersFile ?? (own && existsSync(own) ? own : undefined);
  const users = file ? loadUsers(file) : [];
  if (!LOOPBACK.has(host) && !users.length && caseUsers === 0) {
    throw new BindRefused(
      `refusing to listen on ${host} without authentication: add users (leaklens users add NAME --role ROLE)` +
        `${own ? ` or list them in ${own}` : ''} or pass --users FILE; or bind 127.0.0.1`,
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

export interface ListenOptions {
  host: string;
  port: number;
  allowedHosts?: string[];
}

/** Starts the laptop workbench; resolves once the socket is bound, with the actual port. */
export function startServer(
  opts: AppOptions & ListenOptions,
): Promise<{ port: number; close: () => Promise<void> }> {
  return listen(createApp(opts), opts);
}

/** Listens with a built app; resolves once the socket is bound, with the actual port. */
export function listen(
  { app, ctx }: { app: Hono<WebEnv>; ctx: ServerContext },
  opts: ListenOptions,
): Promise<{ port: number; close: () => Promise<void> }> {
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
