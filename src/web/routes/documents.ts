import type { Hono } from 'hono';
import { DOCUMENT_SORTS, documentTablePage, META_COLUMNS } from '../../meta/document-table.js';
import { withBadgesOf } from '../../search/badges.js';
import type { WebEnv } from '../context.js';
import { intParam, ownValue, unknownValue } from '../context.js';
import type { PagesContext } from './overview.js';

/** The documents metadata table, outliers (flags of the metadata stage) first by default. */
export function documentRoutes(app: Hono<WebEnv>, ctx: PagesContext): void {
  app.get('/api/documents', async (c) => {
    const { db } = ctx;
    const limit = intParam(c.req.query('limit'), 100, 1, 500);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const sortKey = c.req.query('sort') ?? 'flags';
    const sort = ownValue(DOCUMENT_SORTS, sortKey);
    if (sort === undefined) return c.json(unknownValue('sort', sortKey, Object.keys(DOCUMENT_SORTS)), 400);
    const dirKey = c.req.query('dir') ?? 'desc';
    if (dirKey !== 'asc' && dirKey !== 'desc')
      return c.json(unknownValue('dir', dirKey, ['asc', 'desc']), 400);
    const dir = dirKey === 'asc' ? 'ASC' : 'DESC';
    const q = (c.req.query('q') ?? '').trim();
    const { total, rows } = await documentTablePage(db, { q, sort, dir, limit, offset });
    const documents = await withBadgesOf(db, rows);
    return c.json({ total, offset, columns: META_COLUMNS, documents });
  });
}
