import type Database from 'better-sqlite3';
import { threadTree } from '../analyze/thread-tree.js';
import type { Store } from '../store/store.js';
import { hasTable, parseJson } from './context.js';

/** Text of a document shown in the message/document view; the rest is one download away. */
export const TEXT_PREVIEW_CHARS = 20_000;

interface ItemRow {
  id: string;
  kind: string;
  sha256: string | null;
  size: number | null;
  mime: string | null;
  name: string | null;
  status: string;
  provenance: string;
  parent_id: string | null;
  source: string | null;
}

interface Brief {
  id: string;
  kind: string;
  name: string | null;
  subject?: string | null;
  from?: string | null;
  date?: string | null;
}

/**
 * Everything the message/document page shows about one item, read from the core tables and from
 * other areas' tables when they exist (verdicts, threads, duplicates).
 * @example
 * loadItem(store, id)?.email?.subject
 */
export function loadItem(store: Store, id: string) {
  const db = store.db;
  const item = db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
  if (!item) return undefined;
  const email = db.prepare('SELECT * FROM emails WHERE id = ?').get(id) as
    | Record<string, string | null>
    | undefined;
  const doc = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as
    | Record<string, string | null>
    | undefined;
  return {
    id: item.id,
    kind: item.kind,
    name: item.name,
    mime: item.mime,
    size: item.size,
    sha256: item.sha256,
    status: item.status,
    provenance: item.provenance,
    source: item.source,
    parent: item.parent_id ? brief(db, item.parent_id) : null,
    email: email ? emailView(email) : null,
    document: doc ? documentView(doc) : null,
    attachments: attachments(db, id),
    locations: db
      .prepare(
        'SELECT provenance, parent_id AS parentId FROM locations WHERE item_id = ? ORDER BY provenance',
      )
      .all(id),
    flags: (
      db
        .prepare(
          'SELECT kind, severity, message, evidence_json, stage FROM flags WHERE item_id = ? ORDER BY severity, kind',
        )
        .all(id) as Record<string, string>[]
    ).map((f) => ({
      kind: f.kind,
      severity: f.severity,
      message: f.message,
      stage: f.stage,
      evidence: parseJson(f.evidence_json, {}),
    })),
    verdict: verdict(db, id),
    thread: email ? thread(db, id, email) : [],
    // The conversation as a tree, with messages cited but not in the dump (triage area).
    threadNodes: email && hasTable(db, 'threads') ? (threadTree({ db }, id)?.messages ?? []) : [],
    duplicates: duplicates(db, id),
  };
}

export type ItemView = NonNullable<ReturnType<typeof loadItem>>;

/** Children with what a reader wants before opening one: language, author/editor, text preview. */
function attachments(db: Database.Database, id: string) {
  const rows = db
    .prepare(
      `SELECT i.id, i.name, i.mime, i.size, i.sha256, i.kind, d.language, substr(d.text, 1, ${ATTACHMENT_PREVIEW_CHARS}) AS preview,
              json_extract(d.metadata_json, '$.author') AS author, json_extract(d.metadata_json, '$.lastModifiedBy') AS lastModifiedBy
         FROM items i LEFT JOIN documents d ON d.id = i.id WHERE i.parent_id = ? ORDER BY i.provenance`,
    )
    .all(id) as Record<string, string | number | null>[];
  return rows.map((r) => ({
    ...r,
    preview: typeof r.preview === 'string' ? r.preview.replace(/\s+/g, ' ').trim() : '',
  }));
}

/** Characters of each attachment's text shown in the message view. */
const ATTACHMENT_PREVIEW_CHARS = 280;

function emailView(e: Record<string, string | null>) {
  return {
    subject: e.subject,
    from: e.from_addr ? { address: e.from_addr, name: e.from_name ?? '' } : null,
    to: parseJson(e.to_json, []),
    cc: parseJson(e.cc_json, []),
    bcc: parseJson(e.bcc_json, []),
    replyTo: parseJson(e.reply_to_json, []),
    date: e.date,
    dateRaw: e.date_raw,
    messageId: e.message_id,
    inReplyTo: e.in_reply_to,
    references: parseJson<string[]>(e.refs, []),
    headers: parseJson<{ name: string; value: string }[]>(e.headers_json, []),
    text: e.text ?? '',
    hasHtml: Boolean(e.html),
  };
}

function documentView(d: Record<string, string | null>) {
  const text = d.text ?? '';
  return {
    filename: d.filename,
    mime: d.mime,
    language: d.language,
    disposition: d.disposition,
    metadata: parseJson<Record<string, unknown>>(d.metadata_json, {}),
    warnings: parseJson<string[]>(d.warnings_json, []),
    textPreview: text.slice(0, TEXT_PREVIEW_CHARS),
    textLength: text.length,
  };
}

function brief(db: Database.Database, id: string): Brief | null {
  return (
    (db
      .prepare(
        'SELECT i.id, i.kind, i.name, e.subject, e.from_addr AS "from", e.date FROM items i LEFT JOIN emails e ON e.id = i.id WHERE i.id = ?',
      )
      .get(id) as Brief | undefined) ?? null
  );
}

function verdict(db: Database.Database, id: string) {
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
function thread(db: Database.Database, id: string, e: Record<string, string | null>): Brief[] {
  if (hasTable(db, 'threads')) {
    // The triage area's threads (JWZ threading with Thread-Index) see the whole conversation.
    const rows = db
      .prepare(
        `SELECT t2.item_id AS id, 'Email' AS kind, e.subject, e.subject AS name, e.from_addr AS "from", e.date, t2.depth
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
function duplicates(db: Database.Database, id: string): Brief[] | null {
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
