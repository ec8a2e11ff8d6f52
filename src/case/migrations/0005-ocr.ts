import type { Migration } from '../migrations.js';

/**
 * What OCR read (issue #13). `ocr_documents`: one row per item the OCR stage finished, written in
 * the same transaction as its pages, so a row means "done" and a crash leaves none (the stage
 * resumes there). `base_chars` is the length of the item's own text before OCR text was appended,
 * so running OCR again replaces its text instead of appending it twice. `ocr_pages`: one row per
 * page or embedded image read, with tesseract's mean word confidence (0–100), the languages used,
 * and a status: `ok`, `low-confidence` (kept and flagged, never hidden), `no-text` (nothing read,
 * e.g. a photo), `failed` (with the reason: too large, corrupt, timed out).
 */
const SQL = `
CREATE TABLE IF NOT EXISTS ocr_documents (
  item_id TEXT PRIMARY KEY,
  base_chars BIGINT NOT NULL,
  pages BIGINT NOT NULL,
  chars BIGINT NOT NULL,
  confidence DOUBLE PRECISION,
  status TEXT NOT NULL,
  done_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ocr_pages (
  item_id TEXT NOT NULL,
  page BIGINT NOT NULL,
  source TEXT NOT NULL,
  lang TEXT,
  confidence DOUBLE PRECISION,
  chars BIGINT NOT NULL,
  width BIGINT,
  height BIGINT,
  seconds DOUBLE PRECISION,
  status TEXT NOT NULL,
  message TEXT,
  text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, page)
);
CREATE INDEX IF NOT EXISTS ocr_pages_status ON ocr_pages(status);
`;

export const OCR_TABLES: Migration = {
  id: 5,
  name: 'ocr',
  sqlite: SQL.replaceAll('DOUBLE PRECISION', 'REAL'),
  postgres: SQL,
};
