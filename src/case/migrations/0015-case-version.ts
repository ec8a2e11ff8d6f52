import type { Migration } from '../migrations.js';

/**
 * `case_version`: one row whose `n` moves with every write a search can see, shared by every
 * connection and process of a laptop case (src/search/case-version.ts puts a trigger on each table
 * searches may read, and the writers of the full-text index alone bump it themselves). It replaces
 * SQLite's `data_version`, which any commit moves, so a second server process's audit-log and
 * session rows no longer throw away the facet index and hit sets of the first. SQLite only: the
 * team server's search keeps nothing per case version.
 */
export const CASE_VERSION: Migration = {
  id: 15,
  name: 'case-version',
  sqlite: `
CREATE TABLE IF NOT EXISTS case_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT OR IGNORE INTO case_version (id, n) VALUES (1, 0);
`,
};
