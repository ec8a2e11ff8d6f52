import type { Hono } from 'hono';
import { byCodePoint } from '../../case/has-table.js';
import { jsonSortTerms, likeAscii } from '../../case/portable.js';
import type { SqlDb } from '../../case/sql-db.js';
import { withBadgesOf } from '../../search/badges.js';
import type { WebEnv } from '../context.js';
import { intParam, ownValue, parseJson, unknownValue } from '../context.js';
import type { PagesContext } from './overview.js';

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

/** Each sort as its ORDER BY terms (text by code point on both engines). */
const SORTS: Record<string, (db: SqlDb) => string[]> = {
  name: (db) => [byCodePoint(db, 'd.filename')],
  mime: (db) => [byCodePoint(db, 'd.mime')],
  size: () => ['i.size'],
  flags: () => ['nflags'],
  ...Object.fromEntries(META_COLUMNS.map((k) => [k, (db: SqlDb) => jsonSortTerms(db, 'd.metadata_json', k)])),
};

/** The documents metadata table, outliers (flags of the metadata stage) first by default. */
export function documentRoutes(app: Hono<WebEnv>, ctx: PagesContext): void {
  app.get('/api/documents', async (c) => {
    const { db } = ctx;
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
    const where = q ? `WHERE ${likeAscii(db, 'd.filename')} OR ${likeAscii(db, 'd.metadata_json')}` : '';
    const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const params = q ? [like, like] : [];
    const order = sort(db)
      .map((t) => `${t} ${dir} NULLS LAST`)
      .join(', ');
    const cp = (e: string) => byCodePoint(db, e);
    const [count, rows] = await Promise.all([
      db.get<{ n: number }>(`SELECT count(*) AS n FROM documents d ${where}`, params),
      db.all<Record<string, unknown> & { metadata_json: string }>(
        `SELECT d.id, d.filename, d.mime, d.language, d.metadata_json, i.size, i.sha256, i.parent_id AS "parentId",
                (SELECT count(*) FROM flags f WHERE f.item_id = d.id) AS nflags,
                (SELECT string_agg(f.message, ' · ' ORDER BY ${cp('f.kind')}, ${cp('f.message')}) FROM flags f WHERE f.item_id = d.id) AS "flagText"
           FROM documents d JOIN items i ON i.id = d.id ${where}
          ORDER BY ${order}, ${cp('d.filename')} NULLS FIRST, ${cp('d.id')} LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      ),
    ]);
    const total = Number(count?.n ?? 0);
    const documents = await withBadgesOf(
      db,
      rows.map(({ metadata_json, ...r }) => {
        const m = parseJson<Record<string, unknown>>(metadata_json, {});
        return {
          ...r,
          id: String(r.id),
          nflags: Number(r.nflags),
          meta: Object.fromEntries(META_COLUMNS.map((k) => [k, m[k] ?? null])),
        };
      }),
    );
    return c.json({ total, offset, columns: META_COLUMNS, documents });
  });
}
