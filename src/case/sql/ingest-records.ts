import type { IngestRecord } from '../../ingest/records.js';
import type { Address } from '../../model/entities.js';
import type { Dialect } from '../sql-db.js';

/**
 * The statements that store what ingest produces (DESIGN.md "the entity model"), shared by the
 * laptop writer (src/ingest/writer.ts, synchronous SQLite) and team workers (src/team/, async
 * PostgreSQL), so both store exactly the same rows. Every insert is keyed by a deterministic id
 * and does nothing on conflict: re-running an input, a retried job or a resumed ingest adds
 * nothing twice.
 */
export type ItemRecord = Extract<IngestRecord, { t: 'item' }>;
type EmailPart = NonNullable<ItemRecord['email']>;

export const INGEST_SQL = {
  blob: 'INSERT INTO blobs(sha256, size, mime) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
  // RETURNING gives the new row's rowid (the full-text index key), and no row when it existed.
  item: `INSERT INTO items(id, kind, sha256, size, mime, name, status, provenance, parent_id, source, date)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING rowid`,
  location:
    'INSERT INTO locations(item_id, provenance, parent_id) VALUES (?, ?, ?) ON CONFLICT (item_id, provenance) DO NOTHING',
  email: `INSERT INTO emails(id, message_id, in_reply_to, refs, subject, from_addr, from_name, from_domain,
    to_json, cc_json, bcc_json, reply_to_json, sender_json, date, date_raw, headers_json, text, html, html_text, attachment_count)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  address:
    'INSERT INTO addresses(item_id, role, address, name) VALUES (?, ?, ?, ?) ON CONFLICT (item_id, role, address) DO NOTHING',
  document: `INSERT INTO documents(id, filename, mime, text, language, metadata_json, disposition, warnings_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  folder:
    'INSERT INTO folders(id, format, name, entries, warnings_json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
} as const;

/**
 * The full-text row of an item. SQLite: the FTS5 table. PostgreSQL: tsvectors of the same
 * normalised, stemmed tokens (search/normalize.ts computes them in JS for both engines), under the
 * `simple` configuration so PostgreSQL does not stem them a second time: both engines then match
 * the same tokens.
 */
export function ftsInsert(dialect: Dialect): string {
  return dialect === 'sqlite'
    ? 'INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, ?, ?, ?, ?)'
    : `INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, to_tsvector('simple', ?),
        to_tsvector('simple', ?), to_tsvector('simple', ?), to_tsvector('simple', ?)) ON CONFLICT (rowid) DO NOTHING`;
}

/** The date an item sorts by: an e-mail's Date, else a document's modified or created time. */
export function itemDate(rec: ItemRecord): string | null {
  const meta = rec.document?.metadata;
  if (rec.email?.date) return rec.email.date;
  if (typeof meta?.modified === 'string') return meta.modified;
  return typeof meta?.created === 'string' ? meta.created : null;
}

export const itemParams = (rec: ItemRecord): unknown[] => [
  rec.id,
  rec.kind,
  rec.sha256,
  rec.size,
  rec.mime,
  rec.name,
  rec.status,
  rec.provenance,
  rec.parentId,
  rec.source,
  itemDate(rec),
];

export const emailParams = (id: string, e: EmailPart): unknown[] => [
  id,
  e.messageId,
  e.inReplyTo,
  JSON.stringify(e.references),
  e.subject,
  e.from?.address ?? null,
  e.from?.name ?? null,
  e.from?.address.split('@')[1]?.toLowerCase() ?? null,
  JSON.stringify(e.to),
  JSON.stringify(e.cc),
  JSON.stringify(e.bcc),
  JSON.stringify(e.replyTo),
  e.sender ? JSON.stringify(e.sender) : null,
  e.date,
  e.dateRaw,
  JSON.stringify(e.headers),
  e.text,
  e.html,
  e.htmlText,
  e.attachmentCount,
];

/** One row per address and role, for from:/to: filters and facets. */
export function addressRows(id: string, e: EmailPart): unknown[][] {
  const rows: unknown[][] = [];
  const add = (role: string, list: (Address | null | undefined)[]) => {
    for (const a of list) if (a?.address) rows.push([id, role, a.address, a.name ?? '']);
  };
  add('from', [e.from]);
  add('sender', [e.sender]);
  add('to', e.to);
  add('cc', e.cc);
  add('bcc', e.bcc);
  add('reply-to', e.replyTo);
  return rows;
}

export const documentParams = (id: string, d: NonNullable<ItemRecord['document']>): unknown[] => [
  id,
  d.filename,
  d.mime,
  d.text,
  d.language,
  JSON.stringify(d.metadata ?? {}),
  d.disposition ?? null,
  JSON.stringify(d.warnings ?? []),
];

export const folderParams = (id: string, f: NonNullable<ItemRecord['folder']>): unknown[] => [
  id,
  f.format,
  f.name,
  f.entries,
  JSON.stringify(f.warnings ?? []),
];

export const ftsParams = (rowid: number | bigint, f: NonNullable<ItemRecord['fts']>): unknown[] => [
  rowid,
  f.subject,
  f.body,
  f.names,
  f.people,
];
