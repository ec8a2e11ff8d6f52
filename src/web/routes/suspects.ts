import type { Hono } from 'hono';
import { caseHeadlines, findSuspects } from '../../suspects/index.js';
import type { WebEnv } from '../context.js';
import { intParam } from '../context.js';
import type { PagesContext } from './overview.js';

/** The suspects list and its stories (docs/suspects.md), the workbench's landing page. */
export function suspectRoutes(app: Hono<WebEnv>, ctx: PagesContext): void {
  app.get('/api/suspects', async (c) => {
    const limit = intParam(c.req.query('limit'), 200, 1, 5000);
    const r = await findSuspects(ctx.db);
    const headlines = await caseHeadlines(ctx.db, r);
    return c.json({ headlines, ...r, suspects: r.suspects.slice(0, limit), total: r.suspects.length });
  });
}
