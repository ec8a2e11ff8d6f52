/**
 * The one reader of an item: `leaklens show` and the workbench's item page (`/api/items/:id`) both
 * print what this returns, so they show the same verdict, the same flags in the same order and
 * wording, and the same change of an altered message.
 */
import type Database from 'better-sqlite3';
import { threadTree } from '../analyze/thread-tree.js';
import { ocrPagesOf } from '../ocr/item-ocr.js';
import type { Store } from '../store/store.js';
import { withBadges } from './badges.js';
import { type ItemChange, itemChange } from './item-change.js';
import { attachments, brief, duplicates, hasTable, parseJson, thread, verdict } from './item-related.js';

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

export interface ItemFlag {
  kind: string;
  severity: string;
  message: string;
  stage: string;
  evidence: unknown;
}

/** Strongest first, then by kind: the order every presenter shows. */
const FLAG_ORDER = `CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, kind, stage`;

/**
 * Everything known about one item, or undefined.
 * @example
 * getItem(store, 'em-14e5e38b')?.verdict?.verdict // 'body-altered'
 */
export function getItem(store: Store, id: string) {
  const db = store.db;
  const item = db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
  if (!item) return undefined;
  const email = db.prepare('SELECT * FROM emails WHERE id = ?').get(id) as
    | Record<string, string | null>
    | undefined;
  const doc = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as
    | Record<string, string | null>
    | undefined;
  const flags = flagsOf(db, id);
  const v = verdict(db, id);
  const emailPart = email ? emailView(email) : null;
  return {
    id: item.id,
    kind: item.kind,
    name: item.name,
    mime: item.mime,
    size: item.size ?? 0,
    sha256: item.sha256,
    status: item.status,
    provenance: item.provenance,
    source: item.source,
    parent: item.parent_id ? brief(db, item.parent_id) : null,
    email: emailPart,
    document: doc ? documentView(doc) : null,
    folder: item.kind === 'Folder' ? folderView(db, id) : null,
    attachments: withBadges(db, attachments(db, id)),
    locations: db
      .prepare(
        'SELECT provenance, parent_id AS parentId FROM locations WHERE item_id = ? ORDER BY provenance',
      )
      .all(id) as { provenance: string; parentId: string | null }[],
    verdict: v,
    flags,
    change: emailPart
      ? itemChange(db, id, emailPart, v?.verdict ?? null, flags)
      : (null as ItemChange | null),
    thread: withBadges(db, email ? thread(db, id, email) : []),
    // The conversation as a tree, with messages cited but not in the dump (triage area).
    threadNodes: withBadges(
      db,
      email && hasTable(db, 'threads') ? (threadTree({ db }, id)?.messages ?? []) : [],
    ),
    duplicates: duplicates(db, id),
    // What OCR read, page by page, with its confidence (low-confidence pages flagged, not hidden).
    ocr: ocrPagesOf(db, id),
    failures: (item.sha256
      ? db
          .prepare('SELECT reason, message, provenance FROM failures WHERE sha256 = ? ORDER BY provenance')
          .all(item.sha256)
      : []) as { reason: string; message: string; provenance: string }[],
    annotations: db
      .prepare(
        'SELECT kind, value, author, created_at AS createdAt FROM annotations WHERE item_id = ? ORDER BY id',
      )
      .all(id) as { kind: string; value: string; author: string | null; createdAt: string }[],
  };
}

export type ItemView = NonNullable<ReturnType<typeof getItem>>;

function flagsOf(db: Database.Database, id: string): ItemFlag[] {
  return (
    db
      .prepare(
        `SELECT kind, severity, message, evidence_json, stage FROM flags WHERE item_id = ? ORDER BY ${FLAG_ORDER}`,
      )
      .all(id) as Record<string, string>[]
  ).map((f) => ({
    kind: f.kind ?? '',
    severity: f.severity ?? 'info',
    message: f.message ?? '',
    stage: f.stage ?? '',
    evidence: parseJson(f.evidence_json, {}),
  }));
}

type Mailbox = { name: string; address: string };

function emailView(e: Record<string, string | null>) {
  return {
    subject: e.subject ?? null,
    from: e.from_addr ? { address: e.from_addr, name: e.from_name ?? '' } : null,
    to: parseJson<Mailbox[]>(e.to_json, []),
    cc: parseJson<Mailbox[]>(e.cc_json, []),
    bcc: parseJson<Mailbox[]>(e.bcc_json, []),
    replyTo: parseJson<Mailbox[]>(e.reply_to_json, []),
    date: e.date ?? null,
    dateRaw: e.date_raw ?? null,
    messageId: e.message_id ?? null,
    inReplyTo: e.in_reply_to ?? null,
    references: parseJson<string[]>(e.refs, []),
    headers: parseJson<{ name: string; value: string }[]>(e.headers_json, []),
    text: e.text ?? '',
    /** The HTML part as text; the HTML itself is served sanitised by the workbench only. */
    htmlText: e.html_text ?? '',
    hasHtml: Boolean(e.html),
  };
}

function documentView(d: Record<string, string | null>) {
  const text = d.text ?? '';
  return {
    filename: d.filename ?? null,
    mime: d.mime ?? null,
    language: d.language ?? null,
    disposition: d.disposition ?? null,
    metadata: parseJson<Record<string, unknown>>(d.metadata_json, {}),
    warnings: parseJson<string[]>(d.warnings_json, []),
    textPreview: text.slice(0, TEXT_PREVIEW_CHARS),
    textLength: text.length,
  };
}

function folderView(db: Database.Database, id: string) {
  return (
    (db.prepare('SELECT format, name, entries FROM folders WHERE id = ?').get(id) as
      | { format: string; name: string | null; entries: number }
      | undefined) ?? null
  );
}
