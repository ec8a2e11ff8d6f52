import type { MiddlewareHandler } from 'hono';
import type { AuditAction } from '../accounts/audit.js';
import type { ServerContext, WebEnv } from './context.js';

/**
 * Reads that the audit log records, by route (writes record themselves in their routes, where
 * the value written is known): an item page or its body opened, a search run (its query), an
 * original or an export downloaded. Only answered requests count (a 404 opened nothing).
 */
const READS: {
  re: RegExp;
  action: AuditAction;
  target: (m: RegExpExecArray, q: URLSearchParams) => string;
  detail?: (m: RegExpExecArray) => string;
}[] = [
  { re: /^\/api\/items\/([^/]+)$/, action: 'open', target: (m) => decodeURIComponent(m[1] ?? '') },
  {
    re: /^\/api\/items\/([^/]+)\/body$/,
    action: 'open',
    target: (m) => decodeURIComponent(m[1] ?? ''),
    detail: () => 'body',
  },
  { re: /^\/api\/blobs\/([^/]+)$/, action: 'export', target: (m) => m[1] ?? '', detail: () => 'original' },
  { re: /^\/api\/graph\.gexf$/, action: 'export', target: () => 'graph.gexf' },
  { re: /^\/api\/search$/, action: 'search', target: (_m, q) => q.get('q') ?? '' },
];

export function auditTrail(ctx: ServerContext): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || !c.res.ok || !c.get('user')) return;
    for (const r of READS) {
      const m = r.re.exec(c.req.path);
      if (!m) continue;
      const q = new URL(c.req.url).searchParams;
      const rest = [...q]
        .filter(([k]) => k !== 'q')
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
      await ctx.audit.record({
        user: c.get('user'),
        action: r.action,
        target: r.target(m, q),
        detail: r.detail?.(m) ?? rest,
        address: c.get('address'),
      });
      return;
    }
  };
}
