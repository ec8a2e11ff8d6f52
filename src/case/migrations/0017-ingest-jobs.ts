import type { Migration } from '../migrations.js';

/**
 * `ingest_jobs`: the team ingest jobs not yet finished, each with its data as BullMQ holds it
 * (JSON: its files with their place in the dump, how many times it was enqueued anew after it
 * stalled out), so the workers can enqueue again, by themselves, the jobs Redis lost (a restart
 * without persistence, the queue deleted; src/team/ingest-resume.ts). `ingest` writes a row before
 * it adds the job to Redis; the worker that finishes the job, or records its files as failures,
 * deletes it. One row per job of up to 64 files, not per file, so `ingest` writes few rows.
 * PostgreSQL only: the laptop ingest has no queue to lose.
 */
export const INGEST_JOBS: Migration = {
  id: 17,
  name: 'ingest-jobs',
  postgres: `
CREATE TABLE IF NOT EXISTS ingest_jobs (
  job_id TEXT PRIMARY KEY,
  data TEXT NOT NULL
);
`,
};
