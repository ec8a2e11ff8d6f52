import type { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';

/** Every file that could not be processed, with the reason and its original (by hash). */
export function failureRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/failures', (c) => {
    const limit = intParam(c.req.query('limit'), 200, 1, 1000);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const reason = c.req.query('reason');
    const where = reason ? 'WHERE reason = ?' : '';
    const params = reason ? [reason] : [];
    const db = ctx.store.db;
    const total = (db.prepare(`SELECT count(*) AS n FROM failures ${where}`).get(...params) as { n: number })
      .n;
    const rows = db
      .prepare(
        `SELECT id, provenance, sha256, reason, message, stage FROM failures ${where} ORDER BY provenance LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as { sha256: string | null }[];
    const withBlob = rows.map((r) => ({
      ...r,
      downloadable: Boolean(r.sha256 && ctx.store.blobs.has(r.sha256)),
    }));
    const reasons = db
      .prepare('SELECT reason AS value, count(*) AS count FROM failures GROUP BY 1 ORDER BY 2 DESC')
      .all();
    return c.json({ total, offset, failures: withBlob, reasons });
  });
}
