import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { campaignTimelineSvg } from '../../report/campaign-chart.js';
import type { WebContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';
import { svgResponse } from './overview.js';

/** What the campaign area exports (src/social/analyze.ts); loaded lazily so the workbench runs without it. */
interface SocialModule {
  analyzeCampaign(caseDir: string, opts?: Record<string, unknown>): Promise<Record<string, unknown>>;
  listPosts?(caseDir: string, filter: Record<string, unknown>): Promise<unknown>;
}

const SOCIAL_MODULES = ['../../social/analyze.js', '../../social/posts.js'];

export async function loadSocial(): Promise<SocialModule | null> {
  try {
    const [analyze, posts] = await Promise.all(SOCIAL_MODULES.map((m) => import(m)));
    return { ...posts, ...analyze } as SocialModule;
  } catch {
    return null;
  }
}

/** Post filters the UI sends when a number is clicked ("every number links to its posts"). */
const POST_FILTERS = ['account', 'repostOf', 'hashtag', 'url', 'keyword', 'from', 'to', 'ids'];

/** Campaign analysis (cached per server: the posts do not change while it runs) and its posts. */
export function campaignRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  let cached: Promise<Record<string, unknown>> | undefined;
  const hasPosts = () => existsSync(join(ctx.caseDir, 'social.duckdb'));

  app.get('/api/campaign', async (c) => {
    if (!hasPosts())
      return c.json({
        available: false,
        reason: 'no posts imported in this case (leaklens campaign import)',
      });
    const social = await loadSocial();
    if (!social) return c.json({ available: false, reason: 'campaign analysis is not part of this build' });
    cached ??= social.analyzeCampaign(ctx.caseDir, {});
    try {
      return c.json({ available: true, ...(await cached) });
    } catch (err) {
      cached = undefined;
      return c.json({ available: false, reason: `campaign analysis failed: ${(err as Error).message}` });
    }
  });

  app.get('/api/campaign/timeline.svg', async (c) => {
    if (!hasPosts()) return c.text('no posts', 404);
    const social = await loadSocial();
    if (!social) return c.text('no campaign analysis in this build', 404);
    cached ??= social.analyzeCampaign(ctx.caseDir, {});
    const svg = await campaignTimelineSvg(await cached);
    return svg ? svgResponse(svg) : c.text('no timeline', 404);
  });

  app.get('/api/posts', async (c) => {
    const social = await loadSocial();
    if (!social?.listPosts || !hasPosts()) return c.json({ error: 'no posts in this case' }, 404);
    const filter: Record<string, unknown> = {
      limit: intParam(c.req.query('limit'), 200, 1, 1000),
    };
    for (const k of POST_FILTERS) {
      const v = c.req.query(k);
      if (v) filter[k] = k === 'ids' ? v.split(',').slice(0, 1000) : v;
    }
    try {
      return c.json(await social.listPosts(ctx.caseDir, filter));
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400);
    }
  });
}
