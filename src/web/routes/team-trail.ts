import type { Hono } from 'hono';
import type { SqlDb } from '../../case/sql-db.js';
import { listPostsOn } from '../../social/posts.js';
import type { CampaignReader } from '../../team/campaign-reader.js';
import { teamTrail } from '../../team/trail-reader.js';
import { trailLanes } from '../../trail/lanes.js';
import { storedItemLinks } from '../../trail/trail.js';
import { LANE_ITEMS } from '../../trail/with-links.js';
import type { WebEnv } from '../context.js';
import { POST_TEXT_CHARS } from './trail.js';

const NO_POSTS =
  'no posts imported in this team case (leaklens campaign import FILES --database URL --queue URL --case-name NAME)';

/**
 * The trail pages of a team workbench: the same JSON as the laptop routes (trail.ts), read from
 * the trail the last campaign job stored in the shared campaign file (src/team/trail-job.ts),
 * READ_ONLY, instead of computed by each server process. A stored trail older than the posts or
 * the dump is served with `stale` saying so (the laptop computes it again; a team server cannot
 * write the file).
 */
export function teamTrailRoutes(app: Hono<WebEnv>, reader: CampaignReader, db: SqlDb): void {
  app.get('/api/trail', async (c) => {
    try {
      const t = await teamTrail(reader, db);
      if (!t) return c.json({ available: false, reason: NO_POSTS });
      if ('notComputed' in t) return c.json({ available: false, reason: t.notComputed });
      if ('error' in t)
        return c.json({ available: false, reason: `the trail could not be computed: ${t.error}` });
      return c.json({
        available: true,
        ...t.result,
        lanes: trailLanes(t.result, t.links),
        lanesItems: t.capped ? LANE_ITEMS : t.result.items.length,
        ...(t.stale ? { stale: t.stale } : {}),
      });
    } catch (err) {
      return c.json({ available: false, reason: `the trail could not be read: ${(err as Error).message}` });
    }
  });

  app.get('/api/items/:id/trail', async (c) => {
    if (!reader.hasPosts()) return c.json({ available: false, posts: [] });
    try {
      const id = c.req.param('id');
      const posts = await reader.withDb(async (sdb) => {
        const links = await storedItemLinks(sdb, id);
        const texts = new Map<string, string>();
        if (links.length) {
          const r = await listPostsOn(sdb, { ids: links.map((l) => l.postId), limit: links.length });
          for (const p of r.posts) texts.set(p.id, p.text.slice(0, POST_TEXT_CHARS));
        }
        return [...links]
          .sort((a, b) => a.time.localeCompare(b.time) || a.postId.localeCompare(b.postId))
          .map((l) => ({ ...l, text: texts.get(l.postId) ?? null }));
      });
      return c.json({ available: true, posts: posts ?? [] });
    } catch (err) {
      return c.json({ available: false, reason: (err as Error).message, posts: [] });
    }
  });
}
