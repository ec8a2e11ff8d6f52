import type { Migration } from '../migrations.js';

/**
 * `ocr_batches`: the batches of a team OCR run (src/team/ocr-jobs.ts), each marked done or failed
 * in the same transaction as its documents' OCR rows, so the run knows when every batch is
 * finished, `--wait` can show progress, and a triage run can wait for OCR (`teamOcrBusy`).
 * PostgreSQL only: the laptop stage runs in one process and never writes it (as verify_batches).
 */
export const OCR_BATCHES: Migration = {
  id: 9,
  name: 'ocr-batches',
  postgres: `
CREATE TABLE IF NOT EXISTS ocr_batches (
  run_id TEXT NOT NULL,
  batch BIGINT NOT NULL,
  item_ids TEXT NOT NULL,
  status TEXT NOT NULL,
  documents BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, batch)
);
`,
};
