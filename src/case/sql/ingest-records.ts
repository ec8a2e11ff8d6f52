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

/** An ingest table: its columns, conflict target, and (for tsvectors) how a value is wrapped. */
export interface InsertSpec {
  table: string;
  cols: readonly string[];
  conflict: string;
  returning?: string;
  /** SQL around each `?` of a column, e.g. `to_tsvector('simple', ?)`. */
  wrap?: (col: string) => string;
}

const spec = (table: string, cols: string, conflict: string, returning?: string): InsertSpec => ({
  table,
  cols: cols.split(/,\s*/),
  conflict,
  ...(returning ? { returning } : {}),
});

export const INGEST_TABLES = {
  blob: spec('blobs', 'sha256, size, mime', 'sha256'),
  // RETURNING gives the new row's rowid (the full-text index key), and no row when it existed.
  item: spec(
    'items',
    'id, kind, sha256, size, mime, name, status, provenance, parent_id, source, date',
    'id',
    'id, rowid',
  ),
  location: spec('locations', 'item_id, provenance, parent_id', 'item_id, provenance'),
  email: spec(
    'emails',
    'id, message_id, in_reply_to, refs, subject, from_addr, from_name, from_domain, to_json, cc_json, bcc_json, reply_to_json, sender_json, date, date_raw, headers_json, text, html, html_text, attachment_count',
    'id',
  ),
  address: spec('addresses', 'item_id, role, address, name', 'item_id, role, address'),
  document: spec(
    'documents',
    'id, filename, mime, text, language, metadata_json, disposition, warnings_json',
    'id',
  ),
  folder: spec('folders', 'id, format, name, entries, warnings_json', 'id'),
} as const;

/**
 * `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING` for `rows` rows of a table: one statement
 * per batch instead of one per row (a round trip each on PostgreSQL).
 */
export function insertSql(t: InsertSpec, rows = 1): string {
  const one = `(${t.cols.map((c) => (t.wrap ? t.wrap(c) : '?')).join(', ')})`;
  const values = Array.from({ length: rows }, () => one).join(', ');
  const sql = `INSERT INTO ${t.table}(${t.cols.join(', ')}) VALUES ${values} ON CONFLICT (${t.conflict}) DO NOTHING`;
  return t.returning ? `${sql} RETURNING ${t.returning}` : sql;
}

export const INGEST_SQL = {
  blob: insertSql(INGEST_TABLES.blob),
  item: insertSql(INGEST_TABLES.item),
  location: insertSql(INGEST_TABLES.location),
  email: insertSql(INGEST_TABLES.email),
  address: insertSql(INGEST_TABLES.address),
  document: insertSql(INGEST_TABLES.document),
  folder: insertSql(INGEST_TABLES.folder),
} as const;

/**
 * The full-text table. SQLite: the FTS5 table (no conflict clause: a virtual table has no unique
 * index, and an item's row is written once, with the item). PostgreSQL: tsvectors of the same
 * normalised, stemmed tokens (search/normalize.ts computes them in JS for both engines), under the
 * `simple` configuration so PostgreSQL does not stem them a second time: both engines then match
 * the same tokens.
 */
export function ftsSpec(dialect: Dialect): InsertSpec {
  const t = spec('fts', 'rowid, subject, body, names, people', 'rowid');
  return dialect === 'sqlite' ? t : { ...t, wrap: (c) => (c === 'rowid' ? '?' : 'leaklens_tsv(?)') };
}

/** A token PostgreSQL's default parser reads as exactly itself (asciiword, numword, uint). */
const PLAIN_TOKEN = /^(?:[a-z][a-z0-9]*|[0-9]+)$/;
/** Past these, `to_tsvector` caps positions (16,383) and positions per lexeme (256): left to it. */
const MAX_TOKENS = 16_000;
const MAX_POSITIONS = 255;
const MAX_TOKEN_LENGTH = 200;

/**
 * A full-text value for PostgreSQL's `leaklens_tsv` (migration 14): the tsvector literal of index
 * text, marked by a leading U+0001, when building it here gives exactly `to_tsvector('simple',
 * text)`: every token (separated by single spaces) a lower-case ASCII word starting with a letter
 * or a number of digits, which the parser reads one for one, at positions 1, 2, 3 …, under its
 * caps. Anything else (accented or non-Latin letters, a token like `1e5` that the parser splits or
 * reads as a number, very long text) is sent as it is, and PostgreSQL parses it as before. So the
 * stored tsvectors do not change (test/case/fts-literal.test.ts); the parsing moves from the
 * shared database to the worker.
 * @example tsvectorValue('le chat le') // '\u0001le:1,3 chat:2'
 */
export function tsvectorValue(text: string | null): string | null {
  if (!text) return text;
  const tokens = text.split(' ');
  if (tokens.length > MAX_TOKENS) return text;
  const positions = new Map<string, number[]>();
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i] as string;
    if (w.length > MAX_TOKEN_LENGTH || !PLAIN_TOKEN.test(w)) return text;
    const at = positions.get(w);
    if (!at) positions.set(w, [i + 1]);
    else if (at.push(i + 1) > MAX_POSITIONS) return text;
  }
  let out = '\u0001';
  for (const [w, at] of positions) out += `${out.length > 1 ? ' ' : ''}${w}:${at.join(',')}`;
  return out;
}

export function ftsInsert(dialect: Dialect): string {
  return dialect === 'sqlite'
    ? 'INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, ?, ?, ?, ?)'
    : insertSql(ftsSpec(dialect));
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
