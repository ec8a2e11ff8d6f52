import type { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.js';
import { annotationRoutes } from './annotations.js';
import { campaignRoutes } from './campaign.js';
import { documentRoutes } from './documents.js';
import { failureRoutes } from './failures.js';
import { itemRoutes } from './items.js';
import { overviewRoutes } from './overview.js';
import { peopleRoutes } from './people.js';
import { searchRoutes } from './search.js';
import { sessionRoutes } from './session.js';
import { suspectRoutes } from './suspects.js';
import { trailRoutes } from './trail.js';

/** Every JSON route of the workbench (/api/…). */
export function registerRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  sessionRoutes(app, ctx);
  overviewRoutes(app, ctx);
  searchRoutes(app, ctx);
  itemRoutes(app, ctx);
  documentRoutes(app, ctx);
  peopleRoutes(app, ctx);
  campaignRoutes(app, ctx);
  failureRoutes(app, ctx);
  annotationRoutes(app, ctx);
  suspectRoutes(app, ctx);
  trailRoutes(app, ctx);
}
