import type { Hono } from 'hono';
import type { TopLevelSpec } from 'vega-lite';
import { rankSpec, renderSvg, timelineSpec, verdictSpec } from '../../report/charts.js';
import { type CaseFacts, caseFacts } from '../../report/facts.js';
import type { WebContext, WebEnv } from '../context.js';

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
  app.get('/api/overview', (c) => {
    const facts = caseFacts(ctx.store);
    const charts = Object.entries(OVERVIEW_CHARTS)
      .filter(([, make]) => make(facts) !== null)
      .map(([name]) => name);
    return c.json({ case: ctx.caseDir, ...facts, charts });
  });

  app.get('/api/charts/:name{[a-z]+\\.svg}', async (c) => {
    const make = OVERVIEW_CHARTS[c.req.param('name').replace(/\.svg$/, '')];
    if (!make) return c.text('no such chart', 404);
    const spec = make(caseFacts(ctx.store));
    if (!spec) return c.text('no data for this chart in this case', 404);
    return svgResponse(await renderSvg(spec));
  });
}

export function svgResponse(svg: string): Response {
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
