import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { listPosts } from '../../social/posts.js';
import { trailLanes } from '../../trail/lanes.js';
import { trailOfItem } from '../../trail/trail.js';
import type { Trail, TrailPostLink } from '../../trail/types.js';
import { LANE_ITEMS, trailWithLinks } from '../../trail/with-links.js';
import type { WebContext, WebEnv } from '../context.js';

/** Characters of a post's text sent with a trail link (the item page shows a line, not the post). */
export const POST_TEXT_CHARS = 280;

/**
 * How the leak travelled (issue #14): the trail of the case with its timeline lanes, and the posts
 * that showed or quoted one item. Computed once per server: posts and items do not change while it
 * runs. All JSON; the pages put every string in as text.
 */
export function trailRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const hasPosts = () => existsSync(join(ctx.caseDir, 'social.duckdb'));
  let cached: Promise<{ trail: Trail; links: TrailPostLink[]; capped: boolean }> | undefined;
  const load = () => {
    cached ??= trailWithLinks(ctx.caseDir);
    return cached.catch((err) => {
      cached = undefined;
      throw err;
    });
  };

  app.get('/api/trail', async (c) => {
    if (!hasPosts())
      return c.json({
        available: false,
        reason: 'no posts imported in this case (leaklens campaign import)',
      });
    try {
      const { trail, links, capped } = await load();
      return c.json({
        available: true,
        ...trail,
        lanes: trailLanes(trail, links),
        // The lanes hold the posts of the LANE_ITEMS most carried items only (src/trail/with-links.ts).
        lanesItems: capped ? LANE_ITEMS : trail.items.length,
      });
    } catch (err) {
      return c.json({
        available: false,
        reason: `the trail could not be computed: ${(err as Error).message}`,
      });
    }
  });

  app.get('/api/items/:id/trail', async (c) => {
    if (!hasPosts()) return c.json({ available: false, posts: [] });
    try {
      const links = await trailOfItem(ctx.caseDir, c.req.param('id'));
      const texts = new Map<string, string>();
      if (links.length) {
        const r = await listPosts(ctx.caseDir, { ids: links.map((l) => l.postId), limit: links.length });
        for (const p of r.posts) texts.set(p.id, p.text.slice(0, POST_TEXT_CHARS));
      }
      const posts = [...links]
        .sort((a, b) => a.time.localeCompare(b.time) || a.postId.localeCompare(b.postId))
        .map((l) => ({ ...l, text: texts.get(l.postId) ?? null }));
      return c.json({ available: true, posts });
    } catch (err) {
      return c.json({ available: false, reason: (err as Error).message, posts: [] });
    }
  });
}
