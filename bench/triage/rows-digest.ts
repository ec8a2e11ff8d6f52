// Digests of every table triage writes on a laptop case, rows in table (rowid) order, so two builds
// of the stage can be shown to write exactly the same rows in the same order.
// Usage: npx tsx bench/triage/rows-digest.ts CASE_DIR   (prints JSON: table -> {rows, sha256})
import { createHash } from 'node:crypto';
import { Store } from '../../src/store/store.js';

const TABLES: Record<string, string> = {
  threads: 'SELECT * FROM threads ORDER BY rowid',
  duplicates: 'SELECT * FROM duplicates ORDER BY rowid',
  entities: 'SELECT * FROM entities ORDER BY rowid',
  doc_types: 'SELECT * FROM doc_types ORDER BY rowid',
  identities: 'SELECT * FROM identities ORDER BY rowid',
  identity_forms: 'SELECT * FROM identity_forms ORDER BY rowid',
  comm_edges: 'SELECT * FROM comm_edges ORDER BY rowid',
  triage_stats: 'SELECT * FROM triage_stats ORDER BY rowid',
  name_mentions: 'SELECT * FROM name_mentions ORDER BY rowid',
  flags:
    "SELECT id, item_id, kind, severity, message, evidence_json, stage FROM flags WHERE stage = 'triage' ORDER BY rowid",
};

const dir = process.argv[2];
if (!dir) throw new Error('usage: rows-digest.ts CASE_DIR');
const store = Store.open(dir);
const out: Record<string, { rows: number; sha256: string }> = {};
for (const [t, sql] of Object.entries(TABLES)) {
  const h = createHash('sha256');
  let rows = 0;
  for (const r of store.db.prepare(sql).iterate()) {
    h.update(JSON.stringify(r));
    h.update('\n');
    rows++;
  }
  out[t] = { rows, sha256: h.digest('hex').slice(0, 16) };
}
store.close();
console.log(JSON.stringify(out));
