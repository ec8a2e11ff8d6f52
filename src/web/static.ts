import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { ServerContext, WebEnv } from './context.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** web-assets/ ships in the package next to src/ and dist/. */
export function defaultAssetsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web-assets');
}

/**
 * Serves the built front end. Only files under the assets directory with a known extension;
 * the SPA shell answers every page route (#-less deep links such as /item/ID stay shareable).
 */
export function staticRoutes(app: Hono<WebEnv>, ctx: ServerContext): void {
  const root = resolve(ctx.assetsDir);
  const cache = new Map<string, Buffer>();
  const read = (p: string): Buffer | undefined => {
    const hit = cache.get(p);
    if (hit) return hit;
    if (!existsSync(p)) return undefined;
    const buf = readFileSync(p);
    cache.set(p, buf);
    return buf;
  };
  const send = (file: string) => {
    const full = resolve(root, file);
    if (!full.startsWith(root + sep)) return undefined;
    const ext = /\.[a-z]+$/.exec(full)?.[0] ?? '';
    const type = TYPES[ext];
    const buf = type ? read(full) : undefined;
    if (!buf || !type) return undefined;
    return new Response(new Uint8Array(buf), {
      headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' },
    });
  };
  app.get('/assets/*', (c) => send(c.req.path.slice('/assets/'.length)) ?? c.text('not found', 404));
  app.get('/login', (c) => send('login.html') ?? c.text('login page missing', 500));
  for (const page of [
    '/',
    '/search',
    '/item/*',
    '/documents',
    '/people',
    '/people/*',
    '/campaign',
    '/failures',
    '/tags',
    '/audit',
    '/overview',
  ]) {
    app.get(page, (c) => send('index.html') ?? c.text(`web assets missing in ${join(root)}`, 500));
  }
}
