import type { Hono } from 'hono';
import { caseHeadlines, findSuspects } from '../../suspects/index.js';
import type { WebContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';

/** The suspects list and its stories (docs/suspects.md), the workbench's landing page. */
export function suspectRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/suspects', (c) => {
    const limit = intParam(c.req.query('limit'), 200, 1, 5000);
    const r = findSuspects(ctx.store);
    const headlines = caseHeadlines(ctx.store, r);
    return c.json({ headlines, ...r, suspects: r.suspects.slice(0, limit), total: r.suspects.length });
  });
}
