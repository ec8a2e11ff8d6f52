/**
 * The parts of one item's view that come from other rows: its attachments, its parent, its
 * verdict, its conversation and its near-duplicates. Tables of other areas are read when they
 * exist (verdicts, threads, duplicates), so a case that skipped a stage still opens. Read through
 * the case layer, so a laptop case (SQLite) and a team case (PostgreSQL) answer alike.
 */

import { byCodePoint, tableColumns, tableExists } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import { tableReady } from '../case/stage-ran.js';
import { parseJson } from '../store/tables.js';

/** A one-line description of a related item. */
export interface Brief {
  id: string;
  kind: string;
  name: string | null;
  subject?: string | null;
  from?: string | null;
  date?: string | null;
}

export { parseJson };

export interface Attachment {
  id: string;
  name: string | null;
  mime: string | null;
  size: number | null;
  sha256: string | null;
  kind: string;
  status: string;
  language: string | null;
  preview: string | null;
  author: string | null;
  lastModifiedBy: string | null;
}

/** Characters of each attachment's text shown in the message view. */
const ATTACHMENT_PREVIEW_CHARS = 280;

/**
 * A value of a document's metadata as SQLite's `json_extract` returns it (what the view showed
 * before it read PostgreSQL too): scalars as they are, booleans as 1/0, objects and arrays as JSON
 * text, absent (or unreadable metadata) as null.
 */
function metadataValue(meta: Record<string, unknown> | null, key: string): string | null {
  const v = meta?.[key];
  if (v === undefined || v === null) return null;
  // The declared type is what metadata holds (text); other JSON values come back as SQLite gave them.
  if (typeof v === 'boolean') return (v ? 1 : 0) as unknown as string;
  return typeof v === 'object' ? JSON.stringify(v) : (v as string);
}

/**
 * Children with what a reader wants before opening one: language, author/editor, text preview.
 * Every item found in this one (its locations), not only those first seen here: an attachment sent
 * in several e-mails is listed under each of them.
 */
export async function attachments(db: SqlDb, id: string) {
  const rows = await db.all<Omit<Attachment, 'author' | 'lastModifiedBy'> & { meta: string | null }>(
    `SELECT i.id, i.name, i.mime, i.size, i.sha256, i.kind, i.status, d.language, substr(d.text, 1, ${ATTACHMENT_PREVIEW_CHARS}) AS preview,
            d.metadata_json AS meta
       FROM items i LEFT JOIN documents d ON d.id = i.id
      WHERE i.id IN (SELECT l.item_id FROM locations l WHERE l.parent_id = ?)
      ORDER BY (SELECT min(${byCodePoint(db, 'l.provenance')}) FROM locations l WHERE l.item_id = i.id AND l.parent_id = ?), i.id`,
    [id, id],
  );
  return rows.map(({ meta, ...r }): Attachment => {
    const m = parseJson<Record<string, unknown> | null>(meta, null);
    const obj = m && typeof m === 'object' && !Array.isArray(m) ? m : null;
    return {
      ...r,
      author: metadataValue(obj, 'author'),
      lastModifiedBy: metadataValue(obj, 'lastModifiedBy'),
      preview: typeof r.preview === 'string' ? r.preview.replace(/\s+/g, ' ').trim() : '',
    };
  });
}

export async function brief(db: SqlDb, id: string): Promise<Brief | null> {
  return (
    (await db.get<Brief>(
      'SELECT i.id, i.kind, i.name, e.subject, e.from_addr AS "from", e.date FROM items i LEFT JOIN emails e ON e.id = i.id WHERE i.id = ?',
      [id],
    )) ?? null
  );
}

export async function verdict(db: SqlDb, id: string) {
  if (!(await tableExists(db, 'verdicts'))) return null;
  const v = await db.get<Record<string, string>>('SELECT * FROM verdicts WHERE item_id = ?', [id]);
  if (!v) return null;
  return {
    verdict: v.verdict,
    reason: v.reason,
    signingDomains: parseJson<string[]>(
      v.signing_domains,
      v.signing_domains ? String(v.signing_domains).split(/[ ,]+/) : [],
    ),
    signatures: parseJson<Record<string, unknown>[]>(v.signatures_json, []),
    arc: parseJson<Record<string, unknown> | null>(v.arc_json, null),
    asOf: v.as_of,
  };
}

/** Messages of a conversation by date, undated first (SQLite's order of NULLs, on both engines). */
const byDate = (db: SqlDb) => `e.date IS NULL DESC, ${byCodePoint(db, 'e.date')}`;

/**
 * The conversation around a message: its ancestors by References/In-Reply-To and the replies
 * that cite it (RFC 5322 §3.6.4), without needing the threads table of the triage area.
 */
export async function thread(db: SqlDb, id: string, e: Record<string, string | null>): Promise<Brief[]> {
  if (await tableReady(db, 'threads')) {
    // The triage area's threads (JWZ threading with Thread-Index) see the whole conversation.
    const rows = await db.all<Brief>(
      `SELECT t2.item_id AS id, 'Email' AS kind, e.subject, e.subject AS name, e.from_addr AS "from", e.date, t2.depth,
              t2.parent_id AS "parentId", t1.parent_id AS "selfParentId"
         FROM threads t1 JOIN threads t2 ON t2.thread_id = t1.thread_id JOIN emails e ON e.id = t2.item_id
        WHERE t1.item_id = ? AND t2.item_id != ? ORDER BY ${byDate(db)} LIMIT 500`,
      [id, id],
    );
    if (rows.length) return rows;
  }
  const ids = new Set<string>(parseJson<string[]>(e.refs, []));
  if (e.in_reply_to) ids.add(e.in_reply_to);
  const sel =
    'SELECT e.id, \'Email\' AS kind, e.subject, e.subject AS name, e.from_addr AS "from", e.date FROM emails e';
  const [ups, down] = await Promise.all([
    Promise.all(
      [...ids].slice(0, 200).map((m) => db.all<Brief>(`${sel} WHERE e.message_id = ? ORDER BY e.id`, [m])),
    ),
    e.message_id
      ? db.all<Brief>(`${sel} WHERE e.in_reply_to = ? ORDER BY e.id LIMIT 200`, [e.message_id])
      : Promise.resolve([] as Brief[]),
  ]);
  const up = ups.flat();
  const seen = new Map<string, Brief>();
  for (const b of [...up, ...down]) if (b.id !== id) seen.set(b.id, b);
  return [...seen.values()].sort((a, b) => String(a.date ?? '').localeCompare(String(b.date ?? '')));
}

/** Near-duplicates from the triage area's table when it exists (columns vary: look them up). */
export async function duplicates(db: SqlDb, id: string): Promise<Brief[] | null> {
  if (!(await tableReady(db, 'duplicates'))) return null;
  const cols = await tableColumns(db, 'duplicates');
  const group = ['group_id', 'cluster_id', 'cluster'].find((c) => cols.includes(c));
  const itemCol = ['item_id', 'id'].find((c) => cols.includes(c));
  if (!group || !itemCol) return null;
  const rows = await db.all<{ id: string }>(
    `SELECT d2."${itemCol}" AS id FROM duplicates d1 JOIN duplicates d2 ON d2."${group}" = d1."${group}" WHERE d1."${itemCol}" = ? AND d2."${itemCol}" != ? LIMIT 100`,
    [id, id],
  );
  const briefs = await Promise.all(rows.map((r) => brief(db, r.id)));
  return briefs.filter((b): b is Brief => b !== null);
}
