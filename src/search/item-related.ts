/**
 * The parts of one item's view that come from other rows: its attachments, its parent, its
 * verdict, its conversation and its near-duplicates. Tables of other areas are read when they
 * exist (verdicts, threads, duplicates), so a case that skipped a stage still opens.
 */
import type Database from 'better-sqlite3';
import { hasTable, parseJson } from '../store/tables.js';

/** A one-line description of a related item. */
export interface Brief {
  id: string;
  kind: string;
  name: string | null;
  subject?: string | null;
  from?: string | null;
  date?: string | null;
}

export { hasTable, parseJson };

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

/** Children with what a reader wants before opening one: language, author/editor, text preview. */
export function attachments(db: Database.Database, id: string) {
  const rows = db
    .prepare(
      `SELECT i.id, i.name, i.mime, i.size, i.sha256, i.kind, i.status, d.language, substr(d.text, 1, ${ATTACHMENT_PREVIEW_CHARS}) AS preview,
              json_extract(d.metadata_json, '$.author') AS author, json_extract(d.metadata_json, '$.lastModifiedBy') AS lastModifiedBy
         FROM items i LEFT JOIN documents d ON d.id = i.id WHERE i.parent_id = ? ORDER BY i.provenance`,
    )
    .all(id) as Attachment[];
  return rows.map((r) => ({
    ...r,
    preview: typeof r.preview === 'string' ? r.preview.replace(/\s+/g, ' ').trim() : '',
  }));
}

/** Characters of each attachment's text shown in the message view. */
const ATTACHMENT_PREVIEW_CHARS = 280;

export function brief(db: Database.Database, id: string): Brief | null {
  return (
    (db
      .prepare(
        'SELECT i.id, i.kind, i.name, e.subject, e.from_addr AS "from", e.date FROM items i LEFT JOIN emails e ON e.id = i.id WHERE i.id = ?',
      )
      .get(id) as Brief | undefined) ?? null
  );
}

export function verdict(db: Database.Database, id: string) {
  if (!hasTable(db, 'verdicts')) return null;
  const v = db.prepare('SELECT * FROM verdicts WHERE item_id = ?').get(id) as
    | Record<string, string>
    | undefined;
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

/**
 * The conversation around a message: its ancestors by References/In-Reply-To and the replies
 * that cite it (RFC 5322 §3.6.4), without needing the threads table of the triage area.
 */
export function thread(db: Database.Database, id: string, e: Record<string, string | null>): Brief[] {
  if (hasTable(db, 'threads')) {
    // The triage area's threads (JWZ threading with Thread-Index) see the whole conversation.
    const rows = db
      .prepare(
        `SELECT t2.item_id AS id, 'Email' AS kind, e.subject, e.subject AS name, e.from_addr AS "from", e.date, t2.depth,
                t2.parent_id AS parentId, t1.parent_id AS selfParentId
           FROM threads t1 JOIN threads t2 ON t2.thread_id = t1.thread_id JOIN emails e ON e.id = t2.item_id
          WHERE t1.item_id = ? AND t2.item_id != ? ORDER BY e.date LIMIT 500`,
      )
      .all(id, id) as Brief[];
    if (rows.length) return rows;
  }
  const ids = new Set<string>(parseJson<string[]>(e.refs, []));
  if (e.in_reply_to) ids.add(e.in_reply_to);
  const sel =
    'SELECT e.id, \'Email\' AS kind, e.subject, e.subject AS name, e.from_addr AS "from", e.date FROM emails e';
  const up = [...ids]
    .slice(0, 200)
    .flatMap((m) => db.prepare(`${sel} WHERE e.message_id = ?`).all(m) as Brief[]);
  const down = e.message_id
    ? (db.prepare(`${sel} WHERE e.in_reply_to = ? LIMIT 200`).all(e.message_id) as Brief[])
    : [];
  const seen = new Map<string, Brief>();
  for (const b of [...up, ...down]) if (b.id !== id) seen.set(b.id, b);
  return [...seen.values()].sort((a, b) => String(a.date ?? '').localeCompare(String(b.date ?? '')));
}

/** Near-duplicates from the triage area's table when it exists (columns vary: look them up). */
export function duplicates(db: Database.Database, id: string): Brief[] | null {
  if (!hasTable(db, 'duplicates')) return null;
  const cols = (db.prepare('PRAGMA table_info(duplicates)').all() as { name: string }[]).map((c) => c.name);
  const group = ['group_id', 'cluster_id', 'cluster'].find((c) => cols.includes(c));
  const itemCol = ['item_id', 'id'].find((c) => cols.includes(c));
  if (!group || !itemCol) return null;
  const rows = db
    .prepare(
      `SELECT d2."${itemCol}" AS id FROM duplicates d1 JOIN duplicates d2 ON d2."${group}" = d1."${group}" WHERE d1."${itemCol}" = ? AND d2."${itemCol}" != ? LIMIT 100`,
    )
    .all(id, id) as { id: string }[];
  return rows.map((r) => brief(db, r.id)).filter((b): b is Brief => b !== null);
}
