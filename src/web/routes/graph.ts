import type { Hono } from 'hono';
import { COMM_GRAPH_EDGES, commGexf, commGraph } from '../../analyze/comm-graph.js';
import type { WebEnv } from '../context.js';
import { intParam } from '../context.js';
import type { PagesContext } from './overview.js';

/** The e-mail communication graph: JSON for the picture on the people page, GEXF 1.3 for Gephi. */
export function graphRoutes(app: Hono<WebEnv>, ctx: PagesContext): void {
  app.get('/api/graph', async (c) => {
    const g = await commGraph(ctx.db, intParam(c.req.query('limit'), 200, 1, COMM_GRAPH_EDGES));
    return g ? c.json(g) : c.json({ error: 'no communication graph yet (leaklens analyze)' }, 404);
  });
  app.get('/api/graph.gexf', async (c) => {
    const xml = await commGexf(ctx.db, intParam(c.req.query('limit'), COMM_GRAPH_EDGES, 1, 100_000));
    if (!xml) return c.json({ error: 'no communication graph yet (leaklens analyze)' }, 404);
    return new Response(xml, {
      headers: {
        'Content-Type': 'application/gexf+xml; charset=utf-8',
        'Content-Disposition': 'attachment; filename="mail-graph.gexf"',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
