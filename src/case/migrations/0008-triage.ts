import { TRIAGE_SCHEMA } from '../../analyze/triage-schema.js';
import type { Migration } from '../migrations.js';
import { sqliteDdlToPostgres } from '../pg-ddl.js';

/**
 * The triage tables (threads, duplicates, entities, document types, identities, the communication
 * graph, precomputed overview sections) on PostgreSQL, for the team triage job and the team
 * workbench's overview, documents, people, suspects and graph.
 *
 * PostgreSQL only, on purpose. On a laptop case the triage stage still creates these tables when
 * it first runs (src/analyze/triage-schema.ts, the same text), because some twenty SQLite readers
 * take "the table exists" to mean "triage has run" (a search for `type:invoice` on an untriaged
 * case says to run triage instead of finding nothing). On PostgreSQL the tables always exist, so
 * "triage has run" is the stage's stamp in `meta` (see `stageRan` in src/case/stage-ran.ts).
 */
export const TRIAGE_TABLES_PG: Migration = {
  id: 8,
  name: 'triage',
  postgres: sqliteDdlToPostgres(TRIAGE_SCHEMA),
};
