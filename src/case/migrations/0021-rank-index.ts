import type { Migration } from '../migrations.js';

/**
 * `rank_index`: the laptop case's ranked heads of frequent phrases (src/search/rank-index.ts), one
 * row per phrase and a header row (phrase ''), each stamped with the case version it was built
 * at, so that a query of common words ranks its first page without scoring every hit. A search
 * uses a row only while the case version is the one stamped; a write to the table does not move
 * the version itself (case-version.ts NEUTRAL_TABLES). SQLite only: PostgreSQL ranks with ts_rank.
 */
export const RANK_INDEX: Migration = {
  id: 21,
  name: 'rank-index',
  sqlite: `
CREATE TABLE IF NOT EXISTS rank_index (
  phrase TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  bound REAL NOT NULL,
  rowids BLOB NOT NULL,
  shares BLOB NOT NULL
);
`,
};
