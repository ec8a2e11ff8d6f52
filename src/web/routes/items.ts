import type { Context, Hono } from 'hono';
import PostalMime from 'postal-mime';
import type { SqlDb } from '../../case/sql-db.js';
import { getItem } from '../../search/item.js';
import { emailBodies, emailOriginal, firstNameOfBlob } from '../../search/item-bytes.js';
import type { BlobStore } from '../../store/blob-store.js';
import type { WebEnv } from '../context.js';
import { BODY_CSP } from '../csp.js';
import { Lru } from '../lru.js';
import { sanitizeBody } from '../sanitize.js';

/** Inline images a body may show: raster formats only (an SVG can carry script). */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

const SHA256 = /^[0-9a-f]{64}$/;

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** Sanitised bodies kept in memory (a few MB at typical mail sizes). */
const BODY_CACHE_ENTRIES = 2000;

/**
 * Where the item pages read: the case database (a laptop case's SQLite or a team case's
 * PostgreSQL) and the originals (the case directory's blobs, or the blob directory a team's
 * workers share; null when a team server was started without one).
 */
export interface ItemSource {
  db: SqlDb;
  blobs: BlobStore | null;
  /**
   * The case's write version for a request (team servers: web/context.ts caseVersionOf): item
   * pages are then kept under it, since any write they show moves it. Absent: read every time.
   */
  version?: (c: Context<WebEnv>) => Promise<string | undefined>;
}

/** Item pages kept per server process under the case's write version (team servers). */
const ITEM_CACHE_ENTRIES = 500;
/** A page longer than this (a document's whole text) is read again rather than kept. */
const ITEM_CACHE_MAX_CHARS = 256 * 1024;

/** Why originals cannot be served by a team server started without `--blobs`. */
const NO_BLOBS =
  'originals are not reachable from this server: start it with --blobs DIR, the blob directory its workers write';

/** Message/document view, its sanitised body frame, inline cid: images and blob downloads. */
export function itemRoutes(app: Hono<WebEnv>, src: ItemSource): void {
  const { db } = src;
  // Sanitising is the costly part of a message view; an e-mail's stored HTML never changes.
  const bodies = new Lru<string>(BODY_CACHE_ENTRIES);
  // An item page is about 20 statements (search/item.ts); between two writes to the case it is
  // the same JSON, so a team server answers it from memory while the version has not moved.
  const pages = new Lru<string | null>(ITEM_CACHE_ENTRIES);
  app.get('/api/items/:id', async (c) => {
    const id = c.req.param('id');
    const version = await src.version?.(c);
    const key = version === undefined ? undefined : `${version}\0${id}`;
    let json = key === undefined ? undefined : pages.get(key);
    if (json === undefined) {
      const item = await getItem(db, id);
      json = item ? JSON.stringify(item) : null;
      if (key !== undefined && (json?.length ?? 0) <= ITEM_CACHE_MAX_CHARS) pages.set(key, json);
    }
    // c.json's own bytes and header: JSON.stringify of the same object.
    return json === null ? c.json({ error: 'no such item' }, 404) : c.body(json, 200, JSON_TYPE);
  });

  // The body document rendered inside <iframe sandbox>: sanitised HTML, or the text part escaped.
  app.get('/api/items/:id/body', async (c) => {
    const id = c.req.param('id');
    const key = `${id}\0${c.req.query('part') === 'text' ? 't' : 'h'}`;
    const hit = bodies.get(key);
    if (hit) {
      c.header('Content-Security-Policy', BODY_CSP);
      return c.html(hit);
    }
    const row = await emailBodies(db, id);
    if (!row) return c.text('no such message', 404);
    const wantText = c.req.query('part') === 'text' || !row.html;
    const inner = wantText
      ? `<pre class="plain">${escapeHtml(row.text)}</pre>`
      : sanitizeBody(row.html ?? '', {
          cidUrl: (cid) => `/api/items/${encodeURIComponent(id)}/cid/${encodeURIComponent(cid)}`,
        });
    const doc = bodyDocument(inner);
    bodies.set(key, doc);
    c.header('Content-Security-Policy', BODY_CSP);
    return c.html(doc);
  });

  app.get('/api/items/:id/cid/:cid', async (c) => {
    if (!src.blobs) return c.text(NO_BLOBS, 501);
    const part = await inlinePart(db, src.blobs, c.req.param('id'), c.req.param('cid'));
    if (!part) return c.text('no such inline image', 404);
    return new Response(new Uint8Array(part.content), {
      headers: { 'Content-Type': part.mimeType, 'Content-Security-Policy': "default-src 'none'; sandbox" },
    });
  });

  // Blobs by hash only (no path, so no traversal); always a download, never rendered.
  app.get('/api/blobs/:sha', async (c) => {
    const blobs = src.blobs;
    if (!blobs) return c.json({ error: NO_BLOBS, notImplemented: true }, 501);
    const sha = c.req.param('sha').toLowerCase();
    if (!SHA256.test(sha) || !blobs.has(sha)) return c.json({ error: 'no such blob' }, 404);
    // The first item stored with these bytes names the download.
    const name = downloadName((await firstNameOfBlob(db, sha)) ?? sha);
    return new Response(new Uint8Array(blobs.get(sha)), {
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'X-Download-Options': 'noopen',
      },
    });
  });
}

/** The e-mail's inline part with that Content-ID, re-read from the original bytes. */
async function inlinePart(db: SqlDb, blobs: BlobStore, id: string, cid: string) {
  const sha256 = await emailOriginal(db, id);
  if (!sha256 || !blobs.has(sha256)) return undefined;
  const parsed = await PostalMime.parse(blobs.get(sha256));
  const want = cid.replace(/^<|>$/g, '');
  const a = parsed.attachments.find((p) => (p.contentId ?? '').replace(/^<|>$/g, '') === want);
  if (!a || !INLINE_IMAGE_TYPES.has(a.mimeType.toLowerCase())) return undefined;
  return { mimeType: a.mimeType.toLowerCase(), content: Buffer.from(a.content as ArrayBuffer) };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function downloadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'download';
  return base.slice(0, 180) || 'download';
}

/** Links lost their href (see sanitize.ts); their target is shown on hover and printed after them. */
function bodyDocument(inner: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2939;margin:12px;overflow-wrap:anywhere}
pre.plain{white-space:pre-wrap;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;margin:0}
a[title]{color:#2f5d8a;text-decoration:underline dotted;cursor:help}
a[title]::after{content:" [" attr(title) "]";color:#667085;font-size:12px}
img{max-width:100%}
table{border-collapse:collapse;max-width:100%}
</style></head><body>${inner}</body></html>`;
}
