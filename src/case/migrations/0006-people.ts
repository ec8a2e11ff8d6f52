import type { Migration } from '../migrations.js';
import { sqliteDdlToPostgres } from '../pg-ddl.js';

/**
 * What the metadata stage writes beside its flags (src/analyze/metadata-outliers.ts, people.ts):
 * `people`, one row per identity found in document metadata and e-mail headers, rebuilt whole by
 * each run. On SQLite the same DDL the stage ran before migrations existed (IF NOT EXISTS), so a
 * case made by an earlier version adopts this migration unchanged.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS people (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  addresses_json TEXT NOT NULL DEFAULT '[]',
  roles_json TEXT NOT NULL DEFAULT '{}',
  documents INTEGER NOT NULL DEFAULT 0,
  emails INTEGER NOT NULL DEFAULT 0,
  examples_json TEXT NOT NULL DEFAULT '[]',
  first_date TEXT,
  last_date TEXT,
  writing_system TEXT,
  app_languages_json TEXT NOT NULL DEFAULT '[]',
  timezones_json TEXT NOT NULL DEFAULT '[]',
  flags_json TEXT NOT NULL DEFAULT '{}'
);`;

export const PEOPLE_TABLE: Migration = {
  id: 6,
  name: 'people',
  sqlite: DDL,
  postgres: sqliteDdlToPostgres(DDL),
};
