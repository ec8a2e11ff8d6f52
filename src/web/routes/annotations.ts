import type { Hono } from 'hono';
import type { WebContext, WebEnv } from '../context.js';

const KINDS = new Set(['tag', 'note']);
/** A tag is a short label; a note a paragraph. Longer input is refused, not truncated. */
const MAX_TAG = 80;
const MAX_NOTE = 10_000;

/** Tags and notes on any item, and saved searches: stored in the case (annotations, saved_searches). */
export function annotationRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const db = ctx.store.db;
  // Any successful write may change what `tag:` searches return.
  app.use('/api/items/:id/annotations', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.ok) ctx.generation++;
  });
  app.use('/api/annotations/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.ok) ctx.generation++;
  });
  app.get('/api/items/:id/annotations', (c) =>
    c.json(
      db
        .prepare(
          'SELECT id, kind, value, author, created_at AS createdAt FROM annotations WHERE item_id = ? ORDER BY id',
        )
        .all(c.req.param('id')),
    ),
  );

  app.post('/api/items/:id/annotations', async (c) => {
    const id = c.req.param('id');
    const body = (await c.req.json().catch(() => ({}))) as { kind?: unknown; value?: unknown };
    const kind = String(body.kind ?? '');
    const value = typeof body.value === 'string' ? body.value.trim() : '';
    if (!KINDS.has(kind)) return c.json({ error: 'kind must be "tag" or "note"' }, 400);
    if (!value || value.length > (kind === 'tag' ? MAX_TAG : MAX_NOTE))
      return c.json({ error: `${kind} must be 1–${kind === 'tag' ? MAX_TAG : MAX_NOTE} characters` }, 400);
    if (!db.prepare('SELECT 1 FROM items WHERE id = ?').get(id))
      return c.json({ error: 'no such item' }, 404);
    if (
      kind === 'tag' &&
      db.prepare("SELECT 1 FROM annotations WHERE item_id = ? AND kind = 'tag' AND value = ?").get(id, value)
    ) {
      return c.json({ ok: true, duplicate: true });
    }
    const r = db
      .prepare('INSERT INTO annotations(item_id, kind, value, author, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, kind, value, c.get('user'), new Date().toISOString());
    return c.json({ ok: true, id: Number(r.lastInsertRowid) }, 201);
  });

  app.delete('/api/annotations/:aid', (c) => {
    const r = db.prepare('DELETE FROM annotations WHERE id = ?').run(Number(c.req.param('aid')));
    return r.changes ? c.json({ ok: true }) : c.json({ error: 'no such annotation' }, 404);
  });

  // Every tag with its items, and every note: the "Tags & notes" page.
  app.get('/api/annotations', (c) => {
    const rows = db
      .prepare(
        `SELECT a.id, a.item_id AS itemId, a.kind, a.value, a.author, a.created_at AS createdAt, i.kind AS itemKind,
                coalesce(e.subject, i.name) AS title
           FROM annotations a LEFT JOIN items i ON i.id = a.item_id LEFT JOIN emails e ON e.id = a.item_id
          ORDER BY a.kind DESC, a.value, a.id LIMIT 5000`,
      )
      .all();
    const tags = db
      .prepare(
        "SELECT value, count(*) AS count FROM annotations WHERE kind = 'tag' GROUP BY 1 ORDER BY 2 DESC, 1",
      )
      .all();
    return c.json({ tags, annotations: rows });
  });

  app.get('/api/saved-searches', (c) =>
    c.json(
      db.prepare('SELECT id, name, query, created_at AS createdAt FROM saved_searches ORDER BY name').all(),
    ),
  );

  app.post('/api/saved-searches', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { name?: unknown; query?: unknown };
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const query = typeof body.query === 'string' ? body.query : '';
    if (!name || name.length > 200 || query.length > 2000)
      return c.json({ error: 'a name (≤200) and a query (≤2000) are required' }, 400);
    const r = db
      .prepare('INSERT INTO saved_searches(name, query, created_at) VALUES (?, ?, ?)')
      .run(name, query, new Date().toISOString());
    return c.json({ ok: true, id: Number(r.lastInsertRowid) }, 201);
  });

  app.delete('/api/saved-searches/:sid', (c) => {
    const r = db.prepare('DELETE FROM saved_searches WHERE id = ?').run(Number(c.req.param('sid')));
    return r.changes ? c.json({ ok: true }) : c.json({ error: 'no such saved search' }, 404);
  });
}
