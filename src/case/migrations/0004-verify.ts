import type { Migration } from '../migrations.js';
import { sqliteDdlToPostgres } from '../pg-ddl.js';

/**
 * What the verify stage writes (src/verify/), in one place for both engines:
 * - `verdicts`: one authenticity verdict per e-mail with its evidence (DESIGN.md "verdicts");
 * - `dkim_keys`: the case key archive, one row per (name, record, source); several rows per
 *   selector are normal (rotation, archives that disagree). Listed in the order added (`rowid`,
 *   which PostgreSQL gets as an identity column), because verification tries keys in that order;
 * - `verify_batches`: the batches of a team verify run (src/team/verify-jobs.ts), each done or
 *   failed in the same transaction as its verdicts, so the final case-wide pass knows when every
 *   batch is finished and `--wait` can show progress. The laptop never writes it.
 * On SQLite the first two are the DDL `verify` ran before migrations existed (IF NOT EXISTS), so a
 * case made by an earlier version adopts this migration unchanged.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS verdicts (
  item_id TEXT PRIMARY KEY,
  verdict TEXT NOT NULL,
  reason TEXT,
  signing_domains TEXT,
  signatures_json TEXT NOT NULL,
  arc_json TEXT,
  as_of TEXT
);
CREATE INDEX IF NOT EXISTS verdicts_verdict ON verdicts(verdict);
CREATE TABLE IF NOT EXISTS dkim_keys (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  selector TEXT NOT NULL,
  record TEXT NOT NULL,
  kind TEXT NOT NULL,          -- zone | prove-email | dns-cache | record | dns
  source TEXT NOT NULL,        -- keys/<file> in the case, or dns:<name>
  first_seen TEXT,
  last_seen TEXT,
  fetched_at TEXT,
  added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dkim_keys_name ON dkim_keys(domain, selector);
CREATE TABLE IF NOT EXISTS verify_batches (
  run_id TEXT NOT NULL,
  batch INTEGER NOT NULL,
  item_ids TEXT NOT NULL,      -- JSON array of the e-mail item ids of the batch
  status TEXT NOT NULL,        -- queued | done | failed
  messages INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, batch)
);
`;

export const VERIFY_TABLES: Migration = {
  id: 4,
  name: 'verify',
  sqlite: DDL,
  postgres: sqliteDdlToPostgres(DDL, { rowidTables: ['dkim_keys'] }),
};
