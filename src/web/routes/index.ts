import type { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.js';
import { campaignRoutes } from './campaign.js';
import { documentRoutes } from './documents.js';
import { failureRoutes } from './failures.js';
import { itemRoutes } from './items.js';
import { overviewRoutes, type PagesContext } from './overview.js';
import { peopleRoutes } from './people.js';
import { searchRoutes } from './search.js';
import { suspectRoutes } from './suspects.js';
import { trailRoutes } from './trail.js';

/**
 * The JSON routes of the laptop workbench that read the case directory's `Store` (/api/…). Login,
 * accounts, audit and annotations, which work on both databases, are added by server.ts.
 */
export function registerRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  casePageRoutes(app, { db: ctx.db, caseLabel: ctx.caseDir });
  searchRoutes(app, ctx);
  itemRoutes(app, { db: ctx.db, blobs: ctx.store.blobs });
  campaignRoutes(app, ctx);
  failureRoutes(app, ctx);
  trailRoutes(app, ctx);
}

/**
 * The case pages every workbench serves through the case layer, on a laptop case or a team case:
 * overview and charts, documents, people and the graph, suspects.
 */
export function casePageRoutes(app: Hono<WebEnv>, pages: PagesContext): void {
  overviewRoutes(app, pages);
  documentRoutes(app, pages);
  peopleRoutes(app, pages);
  suspectRoutes(app, pages);
}
