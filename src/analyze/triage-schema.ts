/**
 * Tables of the triage stage: made by the stage itself on a laptop case (runTriageDb), by
 * migration 8 on PostgreSQL. Consumed by search filters, overview, the workbench and the report.
 * `entities."end"` is quoted: END is an SQL keyword.
 */
export const TRIAGE_SCHEMA = `
CREATE TABLE IF NOT EXISTS threads (
  item_id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL,
  parent_id TEXT,            -- nearest ancestor present in the dump
  depth INTEGER NOT NULL,    -- number of present ancestors
  root_subject TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS threads_thread ON threads(thread_id);
CREATE INDEX IF NOT EXISTS threads_parent ON threads(parent_id);

CREATE TABLE IF NOT EXISTS duplicates (
  item_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  kind TEXT NOT NULL,        -- exact | near
  similarity REAL NOT NULL,
  PRIMARY KEY (item_id, kind)
);
CREATE INDEX IF NOT EXISTS duplicates_group ON duplicates(group_id);

CREATE TABLE IF NOT EXISTS entities (
  item_id TEXT NOT NULL,
  type TEXT NOT NULL,        -- email | phone | iban | card | amount | url | domain | ip | date | person
  value TEXT NOT NULL,
  normalized TEXT NOT NULL,
  start INTEGER NOT NULL,    -- offset in the field (-1 for header/metadata values)
  "end" INTEGER NOT NULL,
  field TEXT NOT NULL DEFAULT 'body'  -- body | subject | header:<role> | metadata:<key>
);
CREATE INDEX IF NOT EXISTS entities_item ON entities(item_id);
CREATE INDEX IF NOT EXISTS entities_norm ON entities(type, normalized);

CREATE TABLE IF NOT EXISTS doc_types (
  item_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  score REAL NOT NULL,
  reasons_json TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS doc_types_type ON doc_types(type);

CREATE TABLE IF NOT EXISTS identities (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  names_json TEXT NOT NULL,
  addresses_json TEXT NOT NULL,
  count INTEGER NOT NULL
);
-- Every form (lower-case address or name key) -> identity, for person: and the graph.
CREATE TABLE IF NOT EXISTS identity_forms (
  form TEXT PRIMARY KEY,
  identity_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_forms_id ON identity_forms(identity_id);

-- Communication graph: one row per sender -> recipient address pair.
CREATE TABLE IF NOT EXISTS comm_edges (
  src TEXT NOT NULL,
  dst TEXT NOT NULL,
  messages INTEGER NOT NULL,
  first TEXT,
  last TEXT,
  PRIMARY KEY (src, dst)
);
CREATE INDEX IF NOT EXISTS comm_edges_dst ON comm_edges(dst);

-- Precomputed overview sections (JSON), so overview stays under a second on large cases.
CREATE TABLE IF NOT EXISTS triage_stats (
  key TEXT PRIMARY KEY,
  json TEXT NOT NULL
);
`;

export const TRIAGE_TABLES = [
  'threads',
  'duplicates',
  'entities',
  'doc_types',
  'identities',
  'identity_forms',
  'comm_edges',
  'triage_stats',
];
