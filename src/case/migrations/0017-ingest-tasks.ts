import type { Migration } from '../migrations.js';

/**
 * `ingest_tasks`: what a team ingest's job needs of each input file beyond the journal's row
 * (source, size, mtime, status), so the workers can enqueue again, by themselves, the files not
 * done when Redis lost its queue (src/team/ingest-resume.ts): the BullMQ job the file was last
 * enqueued in (its id, its place in it, how many times that job was enqueued anew after it
 * stalled out) and the file's place in the dump (provenance and parent folder, which the journal's
 * absolute path alone cannot give without the dump's root). Written by `ingest` before the job is
 * added to Redis, one row per file, replaced when the file is enqueued again. PostgreSQL only: the
 * laptop ingest has no queue to lose.
 */
export const INGEST_TASKS: Migration = {
  id: 17,
  name: 'ingest-tasks',
  postgres: `
CREATE TABLE IF NOT EXISTS ingest_tasks (
  source TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  restarts INTEGER NOT NULL DEFAULT 0,
  provenance TEXT NOT NULL,
  parent_id TEXT
);
CREATE INDEX IF NOT EXISTS ingest_tasks_job ON ingest_tasks (job_id, seq);
`,
};
