import type { Store } from '../store/store.js';

export interface ItemLocation {
  provenance: string;
  parentId: string | null;
}

export interface ItemView {
  id: string;
  kind: 'Email' | 'Document' | 'Folder';
  sha256: string | null;
  size: number;
  mime: string | null;
  name: string;
  status: string;
  provenance: string;
  parentId: string | null;
  locations: ItemLocation[];
  email?: {
    messageId: string | null;
    inReplyTo: string | null;
    references: string[];
    subject: string | null;
    from: { name: string; address: string } | null;
    to: { name: string; address: string }[];
    cc: { name: string; address: string }[];
    bcc: { name: string; address: string }[];
    replyTo: { name: string; address: string }[];
    date: string | null;
    dateRaw: string | null;
    headers: { name: string; value: string }[];
    text: string;
    html: string | null;
    htmlText: string;
  };
  document?: {
    filename: string | null;
    mime: string | null;
    text: string;
    language: string | null;
    metadata: Record<string, unknown>;
    disposition: string | null;
    warnings: string[];
  };
  folder?: { format: string; name: string | null; entries: number };
  children: {
    id: string;
    kind: string;
    name: string;
    mime: string | null;
    size: number;
    status: string;
    provenance: string;
  }[];
  flags: { kind: string; severity: string; message: string; evidence: unknown; stage: string }[];
  failures: { reason: string; message: string; provenance: string }[];
  annotations: { kind: string; value: string; author: string | null; createdAt: string }[];
}

/** Everything known about one item, for `leaklens show` and the workbench's message page. */
export function getItem(store: Store, id: string): ItemView | null {
  const db = store.db;
  const it = db.prepare('SELECT * FROM items WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!it) return null;
  const view: ItemView = {
    id,
    kind: it.kind as ItemView['kind'],
    sha256: (it.sha256 as string) ?? null,
    size: Number(it.size ?? 0),
    mime: (it.mime as string) ?? null,
    name: String(it.name ?? ''),
    status: String(it.status),
    provenance: String(it.provenance),
    parentId: (it.parent_id as string) ?? null,
    locations: db
      .prepare(
        'SELECT provenance, parent_id AS parentId FROM locations WHERE item_id = ? ORDER BY provenance',
      )
      .all(id) as ItemLocation[],
    children: db
      .prepare(
        `SELECT DISTINCT i.id, i.kind, i.name, i.mime, i.size, i.status, l.provenance FROM locations l JOIN items i ON i.id = l.item_id
         WHERE l.parent_id = ? ORDER BY l.provenance`,
      )
      .all(id) as ItemView['children'],
    flags: (
      db
        .prepare(
          'SELECT kind, severity, message, evidence_json, stage FROM flags WHERE item_id = ? ORDER BY stage, kind',
        )
        .all(id) as {
        kind: string;
        severity: string;
        message: string;
        evidence_json: string;
        stage: string;
      }[]
    ).map((f) => ({
      kind: f.kind,
      severity: f.severity,
      message: f.message,
      evidence: JSON.parse(f.evidence_json),
      stage: f.stage,
    })),
    failures: (it.sha256
      ? db
          .prepare('SELECT reason, message, provenance FROM failures WHERE sha256 = ? ORDER BY provenance')
          .all(it.sha256)
      : []) as ItemView['failures'],
    annotations: db
      .prepare(
        'SELECT kind, value, author, created_at AS createdAt FROM annotations WHERE item_id = ? ORDER BY id',
      )
      .all(id) as ItemView['annotations'],
  };
  if (view.kind === 'Email') {
    const e = db.prepare('SELECT * FROM emails WHERE id = ?').get(id) as
      | Record<string, string | null>
      | undefined;
    if (e) {
      view.email = {
        messageId: e.message_id ?? null,
        inReplyTo: e.in_reply_to ?? null,
        references: JSON.parse(e.refs ?? '[]'),
        subject: e.subject ?? null,
        from:
          e.from_addr !== null && e.from_addr !== undefined
            ? { name: e.from_name ?? '', address: e.from_addr }
            : null,
        to: JSON.parse(e.to_json ?? '[]'),
        cc: JSON.parse(e.cc_json ?? '[]'),
        bcc: JSON.parse(e.bcc_json ?? '[]'),
        replyTo: JSON.parse(e.reply_to_json ?? '[]'),
        date: e.date ?? null,
        dateRaw: e.date_raw ?? null,
        headers: JSON.parse(e.headers_json ?? '[]'),
        text: e.text ?? '',
        html: e.html ?? null,
        htmlText: e.html_text ?? '',
      };
    }
  } else if (view.kind === 'Document') {
    const d = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as
      | Record<string, string | null>
      | undefined;
    if (d) {
      view.document = {
        filename: d.filename ?? null,
        mime: d.mime ?? null,
        text: d.text ?? '',
        language: d.language ?? null,
        metadata: JSON.parse(d.metadata_json ?? '{}'),
        disposition: d.disposition ?? null,
        warnings: JSON.parse(d.warnings_json ?? '[]'),
      };
    }
  } else {
    const f = db
      .prepare('SELECT format, name, entries FROM folders WHERE id = ?')
      .get(id) as ItemView['folder'];
    if (f) view.folder = f;
  }
  return view;
}

/** Resolves a unique id prefix (ids are long; people type the first characters). */
export function resolveId(store: Store, prefix: string): string | null {
  const rows = store.db
    .prepare('SELECT id FROM items WHERE id >= ? AND id < ? || char(1114111) LIMIT 2')
    .all(prefix, prefix) as { id: string }[];
  return rows.length === 1 ? rows[0]!.id : (rows.find((r) => r.id === prefix)?.id ?? null);
}
