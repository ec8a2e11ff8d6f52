import type Database from 'better-sqlite3';
import { personKey } from '../../analyze/people.js';
import { withBadges } from '../../search/badges.js';

/**
 * The documents a person wrote or last saved (metadata author / lastModifiedBy equal, by name key,
 * to one of their names), each with its flag chips and the e-mails that carried it (its nearest
 * e-mail ancestor in every place it was found: attachment, or file inside an attached archive),
 * those with their verdicts. Three queries for the whole list.
 */
export function personDocuments(db: Database.Database, names: string[]) {
  const keys = [...new Set(names.filter(Boolean).map((n) => personKey(n)))];
  if (!keys.length) return [];
  registerPersonKey(db);
  const marks = keys.map(() => '?').join(',');
  const docs = db
    .prepare(
      `SELECT d.id, d.filename, d.mime, json_extract(d.metadata_json, '$.author') AS author,
              json_extract(d.metadata_json, '$.lastModifiedBy') AS lastModifiedBy,
              json_extract(d.metadata_json, '$.modified') AS modified
         FROM documents d
        WHERE ll_person_key(json_extract(d.metadata_json, '$.author')) IN (${marks})
           OR ll_person_key(json_extract(d.metadata_json, '$.lastModifiedBy')) IN (${marks})
        ORDER BY modified LIMIT 500`,
    )
    .all(...keys, ...keys) as { id: string }[];
  const carriers = carryingEmails(
    db,
    docs.map((d) => d.id),
  );
  return withBadges(db, docs).map((d) => ({ ...d, carriedBy: carriers.get(d.id) ?? [] }));
}

/** Document id → the e-mails that carried it, with verdict and flags. */
function carryingEmails(db: Database.Database, ids: string[]) {
  const out = new Map<
    string,
    { id: string; subject: string | null; from: string | null; date: string | null }[]
  >();
  if (!ids.length) return out;
  const rows = db
    .prepare(
      `WITH RECURSIVE up(doc, id, depth) AS (
         SELECT item_id, parent_id, 0 FROM locations WHERE item_id IN (${ids.map(() => '?').join(',')}) AND parent_id IS NOT NULL
         UNION
         SELECT up.doc, l.parent_id, up.depth + 1 FROM up JOIN items i ON i.id = up.id AND i.kind != 'Email'
           JOIN locations l ON l.item_id = up.id WHERE l.parent_id IS NOT NULL AND up.depth < 8)
       SELECT DISTINCT up.doc, e.id, e.subject, e.from_addr AS "from", e.date
         FROM up JOIN emails e ON e.id = up.id ORDER BY e.date`,
    )
    .all(...ids) as {
    doc: string;
    id: string;
    subject: string | null;
    from: string | null;
    date: string | null;
  }[];
  const badged = withBadges(db, rows);
  for (const { doc, ...e } of badged) out.set(doc, [...(out.get(doc) ?? []), e]);
  return out;
}

const registered = new WeakSet<Database.Database>();
function registerPersonKey(db: Database.Database): void {
  if (registered.has(db)) return;
  registered.add(db);
  db.function('ll_person_key', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' && s.trim() ? personKey(s) : null,
  );
}
