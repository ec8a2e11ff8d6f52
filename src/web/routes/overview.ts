import type { Hono } from 'hono';
import type { TopLevelSpec } from 'vega-lite';
import { type CaseFacts, caseFacts } from '../../analyze/case-facts.js';
import { cachedOverviewOf } from '../../case/overview-cache.js';
import type { SqlDb } from '../../case/sql-db.js';
import { rankSpec, renderSvg, timelineSpec, verdictSpec } from '../../report/charts.js';
import { caseHeadlines } from '../../suspects/index.js';
import type { WebEnv } from '../context.js';
import { ownValue } from '../context.js';

/**
 * What the case pages (overview, charts, documents, people, graph, suspects) read: the case
 * database through the case layer, a laptop case (SQLite) or a team case (PostgreSQL) alike, and
 * how the overview names the case (its directory, or a team case's name).
 */
export interface PagesContext {
  db: SqlDb;
  caseLabel: string;
}

/** Charts of the overview, by name: the same specs the report renders. */
export const OVERVIEW_CHARTS: Record<string, (f: CaseFacts) => TopLevelSpec | null> = {
  timeline: (f) =>
    f.timeline.length ? timelineSpec(f.timeline, `Messages per ${f.timelineUnit}`, f.timelineUnit) : null,
  verdicts: (f) => (f.verdicts?.length ? verdictSpec(f.verdicts) : null),
  senders: (f) => (f.topSenders.length ? rankSpec(f.topSenders, 'Top senders', 'messages') : null),
  domains: (f) => (f.topDomains.length ? rankSpec(f.topDomains, 'Top sender domains', 'messages') : null),
  doctypes: (f) => (f.docTypes?.length ? rankSpec(f.docTypes, 'Document types', 'documents') : null),
  mimetypes: (f) => (f.mimeTypes.length ? rankSpec(f.mimeTypes, 'File types', 'files') : null),
};

/** Overview facts and its charts as SVG (served as images: an <img> SVG never runs script). */
export function overviewRoutes(app: Hono<WebEnv>, ctx: PagesContext): void {
  // Facts and charts change only when the case does (an ingest or analysis running beside the
  // server); a short cache keeps the overview instant without showing stale figures for long.
  // Behind it, the case keeps them with its fingerprint (src/case/overview-cache.ts): a 1M-item case is
  // scanned once after each change, not at each server start.
  const { db } = ctx;
  const facts = ttl(CACHE_MS, () => cachedOverviewOf(db, 'facts', () => caseFacts(db)));
  const headlines = ttl(CACHE_MS, () => cachedOverviewOf(db, 'headlines', () => caseHeadlines(db)));
  // Rendering a chart is CPU work on the server's only thread: render again only when its data changed.
  const svgs = new Map<string, { key: string; svg: Promise<string> }>();
  app.get('/api/overview', async (c) => {
    const [f, h] = await Promise.all([facts(), headlines()]);
    const charts = Object.entries(OVERVIEW_CHARTS)
      .filter(([, make]) => make(f) !== null)
      .map(([name]) => name);
    return c.json({ case: ctx.caseLabel, headlines: h, ...f, charts });
  });

  app.get('/api/charts/:name{[a-z]+\\.svg}', async (c) => {
    const name = c.req.param('name').replace(/\.svg$/, '');
    const make = ownValue(OVERVIEW_CHARTS, name);
    if (!make) return c.text('no such chart', 404);
    const spec = make(await facts());
    if (!spec) return c.text('no data for this chart in this case', 404);
    const key = JSON.stringify(spec);
    let hit = svgs.get(name);
    if (hit?.key !== key) {
      hit = { key, svg: renderSvg(spec) };
      svgs.set(name, hit);
    }
    return svgResponse(await hit.svg);
  });
}

/** How long overview facts and charts are reused. */
const CACHE_MS = 10_000;

/** `make()`'s promise, made again `ms` after the last one began (or at once after a failure). */
function ttl<T>(ms: number, make: () => Promise<T>): () => Promise<T> {
  let at = 0;
  let value: Promise<T> | undefined;
  return () => {
    if (value === undefined || Date.now() - at > ms) {
      const made = make();
      value = made;
      at = Date.now();
      made.catch(() => {
        if (value === made) value = undefined;
      });
    }
    return value;
  };
}

export function svgResponse(svg: string): Response {
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
