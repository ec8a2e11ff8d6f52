import type { Migration } from '../migrations.js';

/**
 * `facet_index`: the laptop case's facet index (src/search/facet-index.ts) kept in the case, one
 * row, with the case version it was built at, so that the first search of a new process reads it
 * back instead of building it (27.8 s on the 1,000,000-item case). A search uses it only while the
 * case version is the one stored; a write to the table does not move the version itself
 * (case-version.ts NEUTRAL_TABLES). SQLite only: the team server builds its index per process.
 */
export const FACET_INDEX: Migration = {
  id: 18,
  name: 'facet-index',
  sqlite: `
CREATE TABLE IF NOT EXISTS facet_index (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version TEXT NOT NULL,
  data BLOB NOT NULL
);
`,
};
