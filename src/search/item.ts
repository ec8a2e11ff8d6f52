/**
 * The one reader of an item: `leaklens show` and the workbench's item page (`/api/items/:id`) both
 * print what this returns, so they show the same verdict, the same flags in the same order and
 * wording, and the same change of an altered message, on a laptop case (SQLite) and on a team
 * case (PostgreSQL) alike (it reads through the case layer's `SqlDb`).
 */

import { threadTreeOf } from '../analyze/thread-tree.js';
import { byCodePoint, tableExists } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import { tableReady } from '../case/stage-ran.js';
import { ocrPagesOf } from '../ocr/item-ocr.js';
import { withBadgesOf } from './badges.js';
import { type ItemChange, itemChange } from './item-change.js';
import { attachments, brief, duplicates, parseJson, thread, verdict } from './item-related.js';

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
const flagOrder = (db: SqlDb) =>
  `CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, ${byCodePoint(db, 'kind')}, ${byCodePoint(db, 'stage')}`;

/**
 * Everything known about one item, or undefined, through the case layer: the same code reads a
 * laptop case (SQLite) and a team case (PostgreSQL). A table an area has not made on this case
 * (verdicts before `leaklens verify`, threads before triage, OCR pages) leaves its part empty.
 * @example
 * (await getItem(store.db, 'em-14e5e38b'))?.verdict?.verdict // 'body-altered'
 */
export async function getItem(db: SqlDb, id: string) {
  // Independent reads run together: on PostgreSQL each is a round trip, and the pool serves several
  // at once (on SQLite each completes when called, in the same order).
  const [item, email, doc, flags, v] = await Promise.all([
    db.get<ItemRow>('SELECT * FROM items WHERE id = ?', [id]),
    db.get<Record<string, string | null>>('SELECT * FROM emails WHERE id = ?', [id]),
    db.get<Record<string, string | null>>('SELECT * FROM documents WHERE id = ?', [id]),
    flagsOf(db, id),
    verdict(db, id),
  ]);
  if (!item) return undefined;
  const emailPart = email ? emailView(email) : null;
  const [
    parent,
    folder,
    attached,
    locations,
    change,
    threadList,
    threadNodes,
    dups,
    ocr,
    failures,
    annotations,
  ] = await Promise.all([
    item.parent_id ? brief(db, item.parent_id) : null,
    item.kind === 'Folder' ? folderView(db, id) : null,
    attachments(db, id).then((rows) => withBadgesOf(db, rows)),
    db.all<{ provenance: string; parentId: string | null }>(
      `SELECT provenance, parent_id AS "parentId" FROM locations WHERE item_id = ? ORDER BY ${byCodePoint(db, 'provenance')}`,
      [id],
    ),
    emailPart ? itemChange(db, id, emailPart, v?.verdict ?? null, flags) : (null as ItemChange | null),
    (email ? thread(db, id, email) : Promise.resolve([])).then((rows) => withBadgesOf(db, rows)),
    // The conversation as a tree, with messages cited but not in the dump (triage area).
    threadNodesOf(db, id, Boolean(email)).then((rows) => withBadgesOf(db, rows)),
    duplicates(db, id),
    // What OCR read, page by page, with its confidence (low-confidence pages flagged, not hidden).
    ocrPagesOf(db, id),
    item.sha256
      ? db.all<{ reason: string; message: string; provenance: string }>(
          `SELECT reason, message, provenance FROM failures WHERE sha256 = ? ORDER BY ${byCodePoint(db, 'provenance')}`,
          [item.sha256],
        )
      : [],
    db.all<{ kind: string; value: string; author: string | null; createdAt: string }>(
      'SELECT kind, value, author, created_at AS "createdAt" FROM annotations WHERE item_id = ? ORDER BY id',
      [id],
    ),
  ]);
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
    parent,
    email: emailPart,
    document: doc ? documentView(doc) : null,
    folder,
    attachments: attached,
    locations,
    verdict: v,
    flags,
    change,
    thread: threadList,
    threadNodes,
    duplicates: dups,
    ocr,
    failures,
    annotations,
  };
}

/** The triage area's tree of the message's conversation (none before triage, or for a non-e-mail). */
async function threadNodesOf(db: SqlDb, id: string, isEmail: boolean) {
  if (!isEmail || !(await tableReady(db, 'threads'))) return [];
  return (await threadTreeOf(db, id))?.messages ?? [];
}

export type ItemView = NonNullable<Awaited<ReturnType<typeof getItem>>>;

async function flagsOf(db: SqlDb, id: string): Promise<ItemFlag[]> {
  const rows = await db.all<Record<string, string>>(
    `SELECT kind, severity, message, evidence_json, stage FROM flags WHERE item_id = ? ORDER BY ${flagOrder(db)}`,
    [id],
  );
  return rows.map((f) => ({
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

async function folderView(db: SqlDb, id: string) {
  return (
    (await db.get<{ format: string; name: string | null; entries: number }>(
      'SELECT format, name, entries FROM folders WHERE id = ?',
      [id],
    )) ?? null
  );
}
