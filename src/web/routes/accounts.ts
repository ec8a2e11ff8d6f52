import type { Hono } from 'hono';
import { isRole } from '../../accounts/roles.js';
import { isUserError } from '../../core/errors.js';
import type { ServerContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';

/**
 * Admin pages' data: the case's users (list, add, change role, remove) and the audit log.
 * Reaching these needs the admin role (security.ts roleGuard); every change is itself audited.
 */
export function accountRoutes(app: Hono<WebEnv>, ctx: ServerContext): void {
  const audit = (c: { get: (k: 'user' | 'address') => string }, target: string, detail: string) =>
    ctx.audit.record({
      user: c.get('user'),
      action: 'manage-users',
      target,
      detail,
      address: c.get('address'),
    });
  const userError = (err: unknown) => {
    if (!isUserError(err)) throw err;
    return { error: err.message, status: err.code === 'not-found' ? 404 : 400 } as const;
  };

  app.get('/api/users', async (c) => c.json({ users: await ctx.users.list() }));

  app.post('/api/users', async (c) => {
    const b = (await c.req.json().catch(() => ({}))) as {
      name?: unknown;
      password?: unknown;
      role?: unknown;
    };
    if (typeof b.name !== 'string' || typeof b.password !== 'string' || !isRole(b.role))
      return c.json({ error: 'name, password and role (reader, editor or admin) are required' }, 400);
    try {
      await ctx.users.add(b.name, b.password, b.role);
    } catch (err) {
      const e = userError(err);
      return c.json({ error: e.error }, e.status);
    }
    await audit(c, b.name, `add ${b.role}`);
    return c.json({ ok: true }, 201);
  });

  app.put('/api/users/:name/role', async (c) => {
    const b = (await c.req.json().catch(() => ({}))) as { role?: unknown };
    if (!isRole(b.role)) return c.json({ error: 'role must be reader, editor or admin' }, 400);
    try {
      await ctx.users.setRole(c.req.param('name'), b.role);
    } catch (err) {
      const e = userError(err);
      return c.json({ error: e.error }, e.status);
    }
    await audit(c, c.req.param('name'), `role ${b.role}`);
    return c.json({ ok: true });
  });

  app.delete('/api/users/:name', async (c) => {
    try {
      await ctx.users.remove(c.req.param('name'));
    } catch (err) {
      const e = userError(err);
      return c.json({ error: e.error }, e.status);
    }
    await audit(c, c.req.param('name'), 'remove');
    return c.json({ ok: true });
  });

  app.get('/api/audit', async (c) =>
    c.json({
      entries: await ctx.audit.list({
        user: c.req.query('user') || undefined,
        action: c.req.query('action') || undefined,
        target: c.req.query('target') || undefined,
        limit: intParam(c.req.query('limit'), 500, 1, 5000),
      }),
    }),
  );
}
