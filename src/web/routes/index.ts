import type { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.js';
import { campaignRoutes } from './campaign.js';
import { documentRoutes } from './documents.js';
import { failureRoutes } from './failures.js';
import { itemRoutes } from './items.js';
import { overviewRoutes } from './overview.js';
import { peopleRoutes } from './people.js';
import { searchRoutes } from './search.js';
import { suspectRoutes } from './suspects.js';
import { trailRoutes } from './trail.js';

/**
 * The JSON routes of the laptop workbench that read the case directory's `Store` (/api/…). Login,
 * accounts, audit and annotations, which work on both databases, are added by server.ts.
 */
export function registerRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  overviewRoutes(app, ctx);
  searchRoutes(app, ctx);
  itemRoutes(app, { db: ctx.db, blobs: ctx.store.blobs });
  documentRoutes(app, ctx);
  peopleRoutes(app, ctx);
  campaignRoutes(app, ctx);
  failureRoutes(app, ctx);
  suspectRoutes(app, ctx);
  trailRoutes(app, ctx);
}
