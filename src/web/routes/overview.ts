import type { Hono } from 'hono';
import type { TopLevelSpec } from 'vega-lite';
import { rankSpec, renderSvg, timelineSpec, verdictSpec } from '../../report/charts.js';
import { type CaseFacts, caseFacts } from '../../report/facts.js';
import { cachedOverview } from '../../report/facts-cache.js';
import { caseHeadlines } from '../../suspects/index.js';
import type { WebContext, WebEnv } from '../context.js';
import { ownValue } from '../context.js';

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
export function overviewRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  // Facts and charts change only when the case does (an ingest or analysis running beside the
  // server); a short cache keeps the overview instant without showing stale figures for long.
  // Behind it, the case keeps them with its fingerprint (facts-cache.ts): a 1M-item case is
  // scanned once after each change, not at each server start.
  const facts = ttl(CACHE_MS, () => cachedOverview(ctx.store, 'facts', () => caseFacts(ctx.store)));
  const headlines = ttl(CACHE_MS, () =>
    cachedOverview(ctx.store, 'headlines', () => caseHeadlines(ctx.store)),
  );
  // Rendering a chart is CPU work on the server's only thread: render again only when its data changed.
  const svgs = new Map<string, { key: string; svg: Promise<string> }>();
  app.get('/api/overview', (c) => {
    const f = facts();
    const charts = Object.entries(OVERVIEW_CHARTS)
      .filter(([, make]) => make(f) !== null)
      .map(([name]) => name);
    return c.json({ case: ctx.caseDir, headlines: headlines(), ...f, charts });
  });

  app.get('/api/charts/:name{[a-z]+\\.svg}', async (c) => {
    const name = c.req.param('name').replace(/\.svg$/, '');
    const make = ownValue(OVERVIEW_CHARTS, name);
    if (!make) return c.text('no such chart', 404);
    const spec = make(facts());
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

function ttl<T>(ms: number, make: () => T): () => T {
  let at = 0;
  let value: T | undefined;
  return () => {
    if (value === undefined || Date.now() - at > ms) {
      value = make();
      at = Date.now();
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
