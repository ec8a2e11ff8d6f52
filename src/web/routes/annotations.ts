import type { Hono } from 'hono';
import { can } from '../../accounts/roles.js';
import {
  addAnnotation,
  addSavedSearch,
  allAnnotations,
  annotationOwner,
  annotationsAfter,
  deleteAnnotation,
  deleteSavedSearch,
  itemAnnotations,
  itemExists,
  savedSearches,
} from '../../case/annotations.js';
import { caseVersionOf, type ServerContext, type WebEnv } from '../context.js';
import { Lru } from '../lru.js';

const KINDS = new Set(['tag', 'note']);
/** Annotation lists kept per team server process (under the case's write version). */
const LIST_CACHE_ENTRIES = 2000;
/** A tag is a short label; a note a paragraph. Longer input is refused, not truncated. */
const MAX_TAG = 80;
const MAX_NOTE = 10_000;

/**
 * Tags and notes on any item, each with its author and time, and saved searches: stored in the
 * case (annotations, saved_searches) on SQLite or PostgreSQL. Every write is its own row, so two
 * users annotating the same message at the same moment both keep theirs; pages poll
 * /api/annotations/changes to show the others' work live.
 */
export function annotationRoutes(app: Hono<WebEnv>, ctx: ServerContext): void {
  const db = ctx.db;
  // Any successful write may change what `tag:` searches return.
  for (const path of ['/api/items/:id/annotations', '/api/annotations/*'])
    app.use(path, async (c, next) => {
      await next();
      if (c.req.method !== 'GET' && c.res.ok) ctx.generation++;
    });
  // Polled by every open item page: a team server keeps each list under the case's write version
  // (annotations move it), so a poll costs no statement of its own until someone writes.
  const lists = new Lru<unknown[]>(LIST_CACHE_ENTRIES);
  app.get('/api/items/:id/annotations', async (c) => {
    const id = c.req.param('id');
    const version = await caseVersionOf(c, ctx);
    const key = version === undefined ? undefined : `${version}\0${id}`;
    let list = key === undefined ? undefined : lists.get(key);
    if (!list) {
      list = await itemAnnotations(db, id);
      if (key !== undefined) lists.set(key, list);
    }
    return c.json(list);
  });

  app.post('/api/items/:id/annotations', async (c) => {
    const id = c.req.param('id');
    const body = (await c.req.json().catch(() => ({}))) as { kind?: unknown; value?: unknown };
    const kind = String(body.kind ?? '');
    const value = typeof body.value === 'string' ? body.value.trim() : '';
    if (!KINDS.has(kind)) return c.json({ error: 'kind must be "tag" or "note"' }, 400);
    if (value.includes('\u0000')) return c.json({ error: `a ${kind} cannot hold a NUL character` }, 400);
    if (!value || value.length > (kind === 'tag' ? MAX_TAG : MAX_NOTE))
      return c.json({ error: `${kind} must be 1–${kind === 'tag' ? MAX_TAG : MAX_NOTE} characters` }, 400);
    if (!(await itemExists(db, id))) return c.json({ error: 'no such item' }, 404);
    const user = c.get('user');
    const added = await addAnnotation(db, {
      itemId: id,
      kind,
      value,
      author: user,
      createdAt: new Date().toISOString(),
    });
    if (added === undefined) return c.json({ ok: true, duplicate: true });
    await ctx.audit.record({
      user,
      action: 'annotate',
      target: id,
      detail: `${kind}: ${value}`,
      address: c.get('address'),
    });
    return c.json({ ok: true, id: added }, 201);
  });

  // An editor removes their own tags and notes; an admin anyone's.
  app.delete('/api/annotations/:aid', async (c) => {
    const aid = Number(c.req.param('aid'));
    const a = Number.isSafeInteger(aid) ? await annotationOwner(db, aid) : undefined;
    if (!a) return c.json({ error: 'no such annotation' }, 404);
    const user = c.get('user');
    if (a.author !== user && !can(c.get('role'), 'manage-users'))
      return c.json(
        { error: `this annotation is ${a.author ?? 'nobody'}'s: only its author or an admin removes it` },
        403,
      );
    await deleteAnnotation(db, aid);
    await ctx.audit.record({
      user,
      action: 'unannotate',
      target: a.itemId,
      detail: `#${aid}`,
      address: c.get('address'),
    });
    return c.json({ ok: true });
  });

  // Every tag with its items, and every note: the "Tags & notes" page.
  app.get('/api/annotations', async (c) => {
    return c.json(await allAnnotations(db));
  });

  // Annotations after a given id (every user's): a page polls this every few seconds.
  app.get('/api/annotations/changes', async (c) => {
    const after = Number.parseInt(c.req.query('after') ?? '0', 10);
    return c.json(await annotationsAfter(db, Number.isSafeInteger(after) ? after : 0));
  });

  app.get('/api/saved-searches', async (c) => c.json(await savedSearches(db)));

  app.post('/api/saved-searches', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { name?: unknown; query?: unknown };
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const query = typeof body.query === 'string' ? body.query : '';
    if (`${name}${query}`.includes('\u0000'))
      return c.json({ error: 'a saved search cannot hold a NUL character' }, 400);
    if (!name || name.length > 200 || query.length > 2000)
      return c.json({ error: 'a name (≤200) and a query (≤2000) are required' }, 400);
    const id = await addSavedSearch(db, { name, query, createdAt: new Date().toISOString() });
    await ctx.audit.record({
      user: c.get('user'),
      action: 'save-search',
      target: query,
      detail: name,
      address: c.get('address'),
    });
    return c.json({ ok: true, id }, 201);
  });

  app.delete('/api/saved-searches/:sid', async (c) => {
    const sid = Number(c.req.param('sid'));
    const deleted = Number.isSafeInteger(sid) && (await deleteSavedSearch(db, sid));
    return deleted ? c.json({ ok: true }) : c.json({ error: 'no such saved search' }, 404);
  });
}
