import { byCodePoint } from '../case/has-table.js';
import { jsonText } from '../case/portable.js';
import type { SqlDb } from '../case/sql-db.js';
import { withBadgesOf } from '../search/badges.js';
import { personKey } from './people.js';

/** Documents listed on a person's page at most. */
const MAX_DOCUMENTS = 500;

/**
 * The documents a person wrote or last saved (metadata author / lastModifiedBy equal, by name key,
 * to one of their names), each with its flag chips and the e-mails that carried it (its nearest
 * e-mail ancestor in every place it was found: attachment, or file inside an attached archive),
 * those with their verdicts. A few queries for the whole list, through the case layer (a laptop
 * case or a team case): the name key is computed here, in JavaScript, on both engines.
 */
export async function personDocuments(db: SqlDb, names: string[]) {
  const keys = new Set(names.filter(Boolean).map((n) => personKey(n)));
  if (!keys.size) return [];
  const author = jsonText(db, 'd.metadata_json', 'author');
  const editor = jsonText(db, 'd.metadata_json', 'lastModifiedBy');
  const modified = jsonText(db, 'd.metadata_json', 'modified');
  const candidates = await db.all<{
    id: string;
    filename: string | null;
    mime: string | null;
    author: string | null;
    lastModifiedBy: string | null;
    modified: string | null;
  }>(
    `SELECT d.id, d.filename, d.mime, ${author} AS author, ${editor} AS "lastModifiedBy", ${modified} AS modified
       FROM documents d WHERE ${author} IS NOT NULL OR ${editor} IS NOT NULL
      ORDER BY ${byCodePoint(db, modified)} NULLS FIRST, ${byCodePoint(db, 'd.id')}`,
  );
  const keyOf = (s: string | null) => (typeof s === 'string' && s.trim() ? personKey(s) : null);
  const docs = candidates
    .filter((d) => {
      const a = keyOf(d.author);
      const e = keyOf(d.lastModifiedBy);
      return (a !== null && keys.has(a)) || (e !== null && keys.has(e));
    })
    .slice(0, MAX_DOCUMENTS);
  const carriers = await carryingEmails(
    db,
    docs.map((d) => d.id),
  );
  return (await withBadgesOf(db, docs)).map((d) => ({ ...d, carriedBy: carriers.get(d.id) ?? [] }));
}

/** Document id → the e-mails that carried it, with verdict and flags. */
async function carryingEmails(db: SqlDb, ids: string[]) {
  const out = new Map<
    string,
    { id: string; subject: string | null; from: string | null; date: string | null }[]
  >();
  if (!ids.length) return out;
  const rows = await db.all<{
    doc: string;
    id: string;
    subject: string | null;
    from: string | null;
    date: string | null;
  }>(
    `WITH RECURSIVE up(doc, id, depth) AS (
         SELECT item_id, parent_id, 0 FROM locations WHERE item_id IN (${ids.map(() => '?').join(',')}) AND parent_id IS NOT NULL
         UNION
         SELECT up.doc, l.parent_id, up.depth + 1 FROM up JOIN items i ON i.id = up.id AND i.kind != 'Email'
           JOIN locations l ON l.item_id = up.id WHERE l.parent_id IS NOT NULL AND up.depth < 8)
       SELECT * FROM (SELECT DISTINCT up.doc, e.id, e.subject, e.from_addr AS "from", e.date
         FROM up JOIN emails e ON e.id = up.id) c
        ORDER BY ${byCodePoint(db, 'c.date')} NULLS FIRST, ${byCodePoint(db, 'c.id')}, ${byCodePoint(db, 'c.doc')}`,
    ids,
  );
  const badged = await withBadgesOf(db, rows);
  for (const { doc, ...e } of badged) out.set(doc, [...(out.get(doc) ?? []), e]);
  return out;
}
