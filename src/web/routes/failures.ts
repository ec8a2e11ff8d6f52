import type { Hono } from 'hono';
import { failurePage, failureReasons } from '../../store/failures.js';
import type { WebContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';

/** Every file that could not be processed, with the reason and its original (by hash). */
export function failureRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/failures', (c) => {
    const limit = intParam(c.req.query('limit'), 200, 1, 1000);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const reason = c.req.query('reason');
    const { total, rows } = failurePage(ctx.store, { reason, limit, offset });
    const withBlob = rows.map((r) => ({
      ...r,
      downloadable: Boolean(r.sha256 && ctx.store.blobs.has(r.sha256)),
    }));
    const reasons = failureReasons(ctx.store).map((r) => ({ value: r.reason, count: r.count }));
    return c.json({ total, offset, failures: withBlob, reasons });
  });
}
