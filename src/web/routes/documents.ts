import type { Hono } from 'hono';
import { withBadges } from '../../search/badges.js';
import type { WebContext, WebEnv } from '../context.js';
import { intParam, ownValue, parseJson, unknownValue } from '../context.js';

/** Metadata columns of the documents table (DESIGN "Metadata fields"). */
export const META_COLUMNS = [
  'author',
  'lastModifiedBy',
  'created',
  'modified',
  'application',
  'company',
  'language',
  'template',
  'timezoneOffset',
];

const SORTS: Record<string, string> = {
  name: 'd.filename',
  mime: 'd.mime',
  size: 'i.size',
  flags: 'nflags',
  ...Object.fromEntries(META_COLUMNS.map((k) => [k, `json_extract(d.metadata_json, '$.${k}')`])),
};

/** The documents metadata table, outliers (flags of the metadata stage) first by default. */
export function documentRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/documents', (c) => {
    const db = ctx.store.db;
    const limit = intParam(c.req.query('limit'), 100, 1, 500);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const sortKey = c.req.query('sort') ?? 'flags';
    const sort = ownValue(SORTS, sortKey);
    if (sort === undefined) return c.json(unknownValue('sort', sortKey, Object.keys(SORTS)), 400);
    const dirKey = c.req.query('dir') ?? 'desc';
    if (dirKey !== 'asc' && dirKey !== 'desc')
      return c.json(unknownValue('dir', dirKey, ['asc', 'desc']), 400);
    const dir = dirKey === 'asc' ? 'ASC' : 'DESC';
    const q = (c.req.query('q') ?? '').trim();
    const where = q ? "WHERE d.filename LIKE ? ESCAPE '\\' OR d.metadata_json LIKE ? ESCAPE '\\'" : '';
    const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const params = q ? [like, like] : [];
    const total = (
      db.prepare(`SELECT count(*) AS n FROM documents d ${where}`).get(...params) as { n: number }
    ).n;
    const rows = db
      .prepare(
        `SELECT d.id, d.filename, d.mime, d.language, d.metadata_json, i.size, i.sha256, i.parent_id AS parentId,
                (SELECT count(*) FROM flags f WHERE f.item_id = d.id) AS nflags,
                (SELECT group_concat(f.message, ' · ') FROM flags f WHERE f.item_id = d.id) AS flagText
           FROM documents d JOIN items i ON i.id = d.id ${where}
          ORDER BY ${sort} ${dir} NULLS LAST, d.filename LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as (Record<string, unknown> & { metadata_json: string })[];
    const documents = withBadges(
      db,
      rows.map(({ metadata_json, ...r }) => {
        const m = parseJson<Record<string, unknown>>(metadata_json, {});
        return {
          ...r,
          id: String(r.id),
          meta: Object.fromEntries(META_COLUMNS.map((k) => [k, m[k] ?? null])),
        };
      }),
    );
    return c.json({ total, offset, columns: META_COLUMNS, documents });
  });
}
