import { byCodePoint } from '../case/has-table.js';
import { jsonSortTerms, jsonText, likeAscii } from '../case/portable.js';
import type { SqlDb } from '../case/sql-db.js';
import { parseJson } from '../store/tables.js';

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

/** Each sort of the documents table as its ORDER BY terms (text by code point on both engines). */
export const DOCUMENT_SORTS: Record<string, (db: SqlDb) => string[]> = {
  name: (db) => [byCodePoint(db, 'd.filename')],
  mime: (db) => [byCodePoint(db, 'd.mime')],
  size: () => ['i.size'],
  flags: () => ['nflags'],
  ...Object.fromEntries(META_COLUMNS.map((k) => [k, (db: SqlDb) => jsonSortTerms(db, 'd.metadata_json', k)])),
};

export interface DocumentTableRow {
  id: string;
  filename: string | null;
  mime: string | null;
  language: string | null;
  size: number | null;
  sha256: string | null;
  parentId: string | null;
  nflags: number;
  /** The messages of its flags, by kind, joined with " · ". */
  flagText: string | null;
  /** Each of META_COLUMNS, null when the document's metadata lacks it. */
  meta: Record<string, unknown>;
}

/**
 * One page of the documents with their metadata and flags (the workbench's documents table),
 * matching `q` in the file name or the metadata, in the order of `sort`, with how many match.
 */
export async function documentTablePage(
  db: SqlDb,
  o: { q: string; sort: (db: SqlDb) => string[]; dir: 'ASC' | 'DESC'; limit: number; offset: number },
): Promise<{ total: number; rows: DocumentTableRow[] }> {
  const where = o.q ? `WHERE ${likeAscii(db, 'd.filename')} OR ${likeAscii(db, 'd.metadata_json')}` : '';
  const like = `%${o.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const params = o.q ? [like, like] : [];
  const order = o
    .sort(db)
    .map((t) => `${t} ${o.dir} NULLS LAST`)
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
      [...params, o.limit, o.offset],
    ),
  ]);
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map(({ metadata_json, ...r }) => {
      const m = parseJson<Record<string, unknown>>(metadata_json, {});
      return {
        ...r,
        id: String(r.id),
        nflags: Number(r.nflags),
        meta: Object.fromEntries(META_COLUMNS.map((k) => [k, m[k] ?? null])),
      } as DocumentTableRow;
    }),
  };
}

/** Documents whose metadata holds anything (author, editor, application, dates…). */
export async function documentsWithMetadata(db: SqlDb): Promise<number> {
  return Number(
    (await db.get<{ n: number }>("SELECT count(*) AS n FROM documents WHERE metadata_json != '{}'"))?.n ?? 0,
  );
}

/** The names most often written as a document's last editor, with their document counts. */
export async function lastEditors(db: SqlDb, limit: number): Promise<{ name: string; n: number }[]> {
  const editor = jsonText(db, 'metadata_json', 'lastModifiedBy');
  return db.all<{ name: string; n: number }>(
    `SELECT v AS name, count(*) AS n FROM (SELECT ${editor} AS v FROM documents) x
      WHERE v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC, ${byCodePoint(db, 'v')} LIMIT ?`,
    [limit],
  );
}

/** The first documents (in dump order) whose last editor is written `name`. */
export async function documentsLastEditedBy(db: SqlDb, name: string, limit: number): Promise<string[]> {
  const cp = (e: string) => byCodePoint(db, e);
  const rows = await db.all<{ id: string }>(
    `SELECT d.id FROM documents d JOIN items i ON i.id = d.id WHERE ${jsonText(db, 'd.metadata_json', 'lastModifiedBy')} = ?
      ORDER BY ${cp('i.provenance')}, ${cp('d.id')} LIMIT ?`,
    [name, limit],
  );
  return rows.map((r) => r.id);
}
