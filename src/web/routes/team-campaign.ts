import type { Hono } from 'hono';
import { campaignTimelineSvg } from '../../report/campaign-chart.js';
import { seedCascadeSvg } from '../../report/cascade-chart.js';
import type { CampaignAnalysis } from '../../social/analyze.js';
import { coordinationIn, strongEdgesOn } from '../../social/coordinate.js';
import { listPostsOn } from '../../social/posts.js';
import type { CampaignReader } from '../../team/campaign-reader.js';
import type { ServerContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';
import { groupAccounts, MAX_NETWORK_EDGES, postFilterOf } from './campaign.js';
import { svgResponse } from './overview.js';

const NO_POSTS =
  'no posts imported in this team case (leaklens campaign import FILES --database URL --queue URL --case-name NAME)';
const NOT_ANALYSED =
  'posts imported but not analysed yet: a campaign job is running or failed (leaklens campaign status --database URL --queue URL --case-name NAME)';

/** Charts drawn once per published analysis (chart rendering is CPU work on the server's thread). */
function chartCache(render: (a: CampaignAnalysis) => Promise<string | null>) {
  let of: CampaignAnalysis | undefined;
  let svg: Promise<string | null> | undefined;
  return (a: CampaignAnalysis) => {
    if (of !== a || !svg) {
      of = a;
      svg = render(a);
    }
    return svg;
  };
}

/**
 * The campaign pages of a team workbench: the same JSON as the laptop routes (campaign.ts), read
 * from the case's shared campaign file READ_ONLY (CampaignReader). The analysis the page shows is
 * the one the last campaign job stored (campaign-job.ts), not computed per server process; post
 * lists and the network are computed per request on the read-only file, as the laptop does.
 */
export function teamCampaignRoutes(app: Hono<WebEnv>, _ctx: ServerContext, reader: CampaignReader): void {
  const timeline = chartCache(campaignTimelineSvg);
  const cascade = chartCache(seedCascadeSvg);

  app.get('/api/campaign', async (c) => {
    if (!reader.hasPosts()) return c.json({ available: false, reason: NO_POSTS });
    const a = await reader.analysis();
    if (!a) return c.json({ available: false, reason: NOT_ANALYSED });
    return c.json({ available: true, ...a });
  });

  app.get('/api/campaign/timeline.svg', async (c) => {
    const a = reader.hasPosts() ? await reader.analysis() : null;
    if (!a) return c.text('no posts', 404);
    const svg = await timeline(a);
    return svg ? svgResponse(svg) : c.text('no timeline', 404);
  });

  app.get('/api/campaign/cascade.svg', async (c) => {
    const a = reader.hasPosts() ? await reader.analysis() : null;
    if (!a) return c.text('no posts', 404);
    const svg = await cascade(a);
    return svg ? svgResponse(svg) : c.text('no repost cascade', 404);
  });

  app.get('/api/campaign/network', async (c) => {
    const limit = intParam(c.req.query('limit'), MAX_NETWORK_EDGES, 1, MAX_NETWORK_EDGES);
    return c.json((await reader.withDb((db) => strongEdgesOn(db, limit))) ?? { edges: [] });
  });

  app.get('/api/posts', async (c) => {
    if (!reader.hasPosts()) return c.json({ error: 'no posts in this case' }, 404);
    const filter = postFilterOf((k) => c.req.query(k));
    try {
      const analysis = async () => {
        const a = await reader.analysis();
        if (!a) throw new Error(NOT_ANALYSED);
        return a as unknown as Record<string, unknown>;
      };
      const coordinated = async () =>
        (
          (await reader.withDb((db) => coordinationIn(db, { groups: Number.MAX_SAFE_INTEGER })))?.groups ?? []
        ).flatMap((g) => g.accounts);
      const accounts = await groupAccounts((k) => c.req.query(k), analysis, coordinated);
      if (accounts) filter.accounts = accounts.length ? accounts : ['(none)'];
      const r = await reader.withDb((db) => listPostsOn(db, filter));
      return r ? c.json(r) : c.json({ error: 'no posts in this case' }, 404);
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400);
    }
  });
}
