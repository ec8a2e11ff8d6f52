import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { campaignTimelineSvg } from '../../report/campaign-chart.js';
import { seedCascadeSvg } from '../../report/cascade-chart.js';
import type { SocialDb } from '../../social/db.js';
import { loadSocial } from '../../social/load.js';
import type { WebContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';
import { svgResponse } from './overview.js';

/** Post filters the UI sends when a number is clicked ("every number links to its posts"). */
export const POST_FILTERS = [
  'account',
  'repostOf',
  'hashtag',
  'url',
  'keyword',
  'from',
  'to',
  'ids',
  'repostOfAccount',
  'mention',
  'lang',
  'country',
];

type Analysis = Record<string, unknown>;

/** The post filter of a /api/posts request (laptop and team routes alike). */
export function postFilterOf(q: (k: string) => string | undefined): Record<string, unknown> {
  const filter: Record<string, unknown> = { limit: intParam(q('limit'), 200, 1, 1000) };
  for (const k of POST_FILTERS) {
    const v = q(k);
    if (v) filter[k] = k === 'ids' ? v.split(',').slice(0, 1000) : v;
  }
  if (q('reposts')) filter.reposts = true;
  if (q('botLike')) filter.botLike = true;
  return filter;
}
interface Groups {
  groups?: { id: number; accounts: string[] }[];
  communities?: { accounts: string[] }[];
}

/**
 * The accounts behind a group figure: `group=N` / `textGroup=N` (a coordinated group by id),
 * `community=N` (the N-th community listed), from the analysis the page shows; `coordinated=1`
 * (every coordinated account, beyond the groups the analysis lists) by running coordination again.
 */
export async function groupAccounts(
  q: (k: string) => string | undefined,
  analysis: () => Promise<Analysis>,
  coordinated: (() => Promise<string[]>) | undefined,
): Promise<string[] | undefined> {
  const pick = (key: 'coordination' | 'textCoordination', a: Analysis) => (a[key] ?? {}) as Groups;
  if (q('group'))
    return (
      pick('coordination', await analysis()).groups?.find((g) => g.id === Number(q('group')))?.accounts ?? []
    );
  if (q('textGroup'))
    return (
      pick('textCoordination', await analysis()).groups?.find((g) => g.id === Number(q('textGroup')))
        ?.accounts ?? []
    );
  if (q('community'))
    return pick('coordination', await analysis()).communities?.[Number(q('community'))]?.accounts ?? [];
  if (q('coordinated') && coordinated) {
    await analysis(); // the analysis holds the DuckDB file while it runs
    return coordinated();
  }
  return undefined;
}

/** Campaign analysis (cached per server: the posts do not change while it runs) and its posts. */
export function campaignRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  let cached: Promise<Record<string, unknown>> | undefined;
  /** Rendered once per analysis: chart rendering is CPU work on the server's only thread. */
  let timelineSvg: Promise<string | null> | undefined;
  const hasPosts = () => existsSync(join(ctx.caseDir, 'social.duckdb'));

  app.get('/api/campaign', async (c) => {
    if (!hasPosts())
      return c.json({
        available: false,
        reason: 'no posts imported in this case (leaklens campaign import)',
      });
    const social = await loadSocial();
    cached ??= social.analyzeCampaign(ctx.caseDir, {});
    try {
      return c.json({ available: true, ...(await cached) });
    } catch (err) {
      cached = undefined;
      timelineSvg = undefined;
      return c.json({ available: false, reason: `campaign analysis failed: ${(err as Error).message}` });
    }
  });

  app.get('/api/campaign/timeline.svg', async (c) => {
    if (!hasPosts()) return c.text('no posts', 404);
    const social = await loadSocial();
    cached ??= social.analyzeCampaign(ctx.caseDir, {});
    const analysis = cached;
    timelineSvg ??= analysis.then((a) => campaignTimelineSvg(a));
    const svg = await timelineSvg;
    return svg ? svgResponse(svg) : c.text('no timeline', 404);
  });

  // The seed's repost cascade (Hoaxy-style cumulative reposts over its first hour).
  let cascadeSvg: Promise<string | null> | undefined;
  app.get('/api/campaign/cascade.svg', async (c) => {
    if (!hasPosts()) return c.text('no posts', 404);
    const social = await loadSocial();
    cached ??= social.analyzeCampaign(ctx.caseDir, {});
    cascadeSvg ??= cached.then((a) => seedCascadeSvg(a));
    const svg = await cascadeSvg;
    return svg ? svgResponse(svg) : c.text('no repost cascade', 404);
  });

  // The whole coordinated network (strong edges, heaviest first), not only the top pairs.
  let network: Promise<unknown> | undefined;
  app.get('/api/campaign/network', async (c) => {
    if (!hasPosts()) return c.json({ edges: [] });
    const social = await loadSocial();
    cached ??= social.analyzeCampaign(ctx.caseDir, {});
    await cached; // the analysis writes coord_edges and closes its connection first
    network ??= strongEdges(
      ctx.caseDir,
      intParam(c.req.query('limit'), MAX_NETWORK_EDGES, 1, MAX_NETWORK_EDGES),
    );
    return c.json(await network);
  });

  app.get('/api/posts', async (c) => {
    if (!hasPosts()) return c.json({ error: 'no posts in this case' }, 404);
    const social = await loadSocial();
    const filter = postFilterOf((k) => c.req.query(k));
    try {
      const analysis = () => {
        cached ??= social.analyzeCampaign(ctx.caseDir, {});
        return cached;
      };
      const coordinated = async () =>
        (await social.coordination(ctx.caseDir, { groups: Number.MAX_SAFE_INTEGER })).groups.flatMap(
          (g) => g.accounts,
        );
      const accounts = await groupAccounts((k) => c.req.query(k), analysis, coordinated);
      if (accounts) filter.accounts = accounts.length ? accounts : ['(none)'];
      return c.json(await social.listPosts(ctx.caseDir, filter));
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400);
    }
  });
}

/** Edges drawn at most: beyond this a browser layout stops being readable (and fast). */
export const MAX_NETWORK_EDGES = 1500;

async function strongEdges(caseDir: string, limit: number) {
  const { SocialDb } = await import('../../social/db.js');
  const { strongEdgesOn } = await import('../../social/coordinate.js');
  let db: SocialDb | undefined;
  try {
    db = await SocialDb.open(caseDir, { create: false });
    return await strongEdgesOn(db, limit);
  } catch (err) {
    return { edges: [], error: (err as Error).message };
  } finally {
    db?.close();
  }
}
