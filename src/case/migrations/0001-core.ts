import { CORE_SCHEMA } from '../../store/schema.js';
import type { Migration } from '../migrations.js';
import { sqliteDdlToPostgres } from '../pg-ddl.js';

/**
 * The core tables of a case (items, blobs, locations, e-mails, addresses, documents, folders,
 * failures, flags, journal, annotations, saved searches). On SQLite every statement is
 * `IF NOT EXISTS`, so a case made before numbered migrations adopts this one unchanged. On
 * PostgreSQL the same tables, translated (see pg-ddl.ts); full-text search comes with its own
 * migration there.
 */
export const CORE: Migration = {
  id: 1,
  name: 'core',
  sqlite: CORE_SCHEMA,
  postgres: sqliteDdlToPostgres(CORE_SCHEMA, { rowidTables: ['items'] }),
};
