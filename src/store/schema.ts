/**
 * SQLite schema of a case (DESIGN.md "A case"). Each analysis stage that needs tables of its own
 * registers them through `Store.migrate(name, sql)`, so the core schema stays small.
 */
export const SCHEMA_VERSION = 1;

export const CORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);

-- Every original byte stream, content-addressed; the bytes live in blobs/ab/cd/<sha256>.
CREATE TABLE IF NOT EXISTS blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mime TEXT
);

-- One row per entity. Emails and Documents are keyed by content, so a byte-identical file seen
-- twice is one item with two rows in locations.
CREATE TABLE IF NOT EXISTS items (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                 -- Folder | Email | Document
  sha256 TEXT,
  size INTEGER,
  mime TEXT,
  name TEXT,
  status TEXT NOT NULL DEFAULT 'ok',  -- ok | partial | failed
  provenance TEXT NOT NULL,           -- first provenance path seen
  parent_id TEXT,                     -- first parent seen
  source TEXT,                        -- top-level input the item came from
  date TEXT                           -- e-mail Date (UTC) or document modified/created, for sorting
);
CREATE INDEX IF NOT EXISTS items_kind ON items(kind);
CREATE INDEX IF NOT EXISTS items_sha ON items(sha256);
CREATE INDEX IF NOT EXISTS items_parent ON items(parent_id);

CREATE TABLE IF NOT EXISTS locations (
  item_id TEXT NOT NULL,
  provenance TEXT NOT NULL,
  parent_id TEXT,
  PRIMARY KEY (item_id, provenance)
);
CREATE INDEX IF NOT EXISTS locations_parent ON locations(parent_id);

CREATE TABLE IF NOT EXISTS emails (
  id TEXT PRIMARY KEY,
  message_id TEXT,
  in_reply_to TEXT,
  refs TEXT NOT NULL DEFAULT '[]',
  subject TEXT,
  from_addr TEXT,
  from_name TEXT,
  from_domain TEXT,
  to_json TEXT NOT NULL DEFAULT '[]',
  cc_json TEXT NOT NULL DEFAULT '[]',
  bcc_json TEXT NOT NULL DEFAULT '[]',
  reply_to_json TEXT NOT NULL DEFAULT '[]',
  sender_json TEXT,
  date TEXT,
  date_raw TEXT,
  headers_json TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  html TEXT,
  html_text TEXT NOT NULL DEFAULT '',
  attachment_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS emails_msgid ON emails(message_id);
CREATE INDEX IF NOT EXISTS emails_date ON emails(date);
CREATE INDEX IF NOT EXISTS emails_from ON emails(from_addr);
CREATE INDEX IF NOT EXISTS emails_domain ON emails(from_domain);

-- Every address seen on an e-mail, one row per role, for from:/to: filters and facets.
CREATE TABLE IF NOT EXISTS addresses (
  item_id TEXT NOT NULL,
  role TEXT NOT NULL,          -- from | sender | to | cc | bcc | reply-to
  address TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, role, address)
);
CREATE INDEX IF NOT EXISTS addresses_addr ON addresses(address);

CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  filename TEXT,
  mime TEXT,
  text TEXT NOT NULL DEFAULT '',
  language TEXT,
  metadata_json TEXT NOT NULL DEFAULT '{}',
  disposition TEXT,
  warnings_json TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE IF NOT EXISTS folders (
  id TEXT PRIMARY KEY,
  format TEXT NOT NULL,
  name TEXT,
  entries INTEGER NOT NULL DEFAULT 0,
  warnings_json TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE IF NOT EXISTS failures (
  id TEXT PRIMARY KEY,
  provenance TEXT NOT NULL,
  sha256 TEXT,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  stage TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS flags (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  evidence_json TEXT NOT NULL DEFAULT '{}',
  stage TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flags_item ON flags(item_id);
CREATE INDEX IF NOT EXISTS flags_kind ON flags(kind);

-- Ingest journal: one row per top-level input file; 'done' is written in the same transaction
-- as the last records of that file, so a killed ingest resumes exactly where it stopped.
CREATE TABLE IF NOT EXISTS journal (
  source TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  items INTEGER NOT NULL DEFAULT 0
);

-- Tags, notes and saved searches of the investigators.
CREATE TABLE IF NOT EXISTS annotations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id TEXT NOT NULL,
  kind TEXT NOT NULL,     -- tag | note
  value TEXT NOT NULL,
  author TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS annotations_item ON annotations(item_id);
CREATE TABLE IF NOT EXISTS saved_searches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Full-text index. Contentless (the text lives in emails/documents): rowid = items.rowid, so a
-- match joins its item by integer key without reading stored text. Columns hold normalised,
-- stemmed tokens (see search/normalize.ts): FTS5 has no French stemmer, so stems are computed in
-- JS for both index and query.
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
  subject,
  body,
  names,
  people,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
`;
