import type { Dialect } from '../sql-db.js';

/**
 * Statements of the OCR stage (src/ocr/stage.ts), in the subset SQLite and PostgreSQL share. The
 * tables are made by migration 5 (src/case/migrations/0005-ocr.ts).
 */

/** Documents OCR may read: images, PDFs, Office/ODF packages (their pictures). */
const OCR_MIME = `(i.mime LIKE 'image/%' OR i.mime = 'application/pdf'
  OR i.mime LIKE 'application/vnd.openxmlformats%' OR i.mime LIKE 'application/vnd.oasis.opendocument%'
  OR i.mime LIKE 'application/vnd.ms-%.12')`;

/** Candidates not yet done (resume after a crash: a finished item has its ocr_documents row). */
export const OCR_TODO = `SELECT d.id, i.sha256, i.mime, i.rowid AS rid
  FROM documents d JOIN items i ON i.id = d.id
  WHERE i.sha256 IS NOT NULL AND ${OCR_MIME}
    AND NOT EXISTS (SELECT 1 FROM ocr_documents o WHERE o.item_id = d.id)
  ORDER BY d.id`;

/** Every candidate (`leaklens ocr --again`). */
export const OCR_ALL = `SELECT d.id, i.sha256, i.mime, i.rowid AS rid
  FROM documents d JOIN items i ON i.id = d.id
  WHERE i.sha256 IS NOT NULL AND ${OCR_MIME}
  ORDER BY d.id`;

export const OCR_DOC_TEXT = `SELECT d.text, d.filename, i.name, d.metadata_json AS meta, d.language, o.base_chars
  FROM documents d JOIN items i ON i.id = d.id LEFT JOIN ocr_documents o ON o.item_id = d.id
  WHERE d.id = ?`;

export const OCR_SET_TEXT = 'UPDATE documents SET text = ?, language = ? WHERE id = ?';

export const OCR_DELETE_PAGES = 'DELETE FROM ocr_pages WHERE item_id = ?';

export const OCR_INSERT_PAGE = `INSERT INTO ocr_pages(item_id, page, source, lang, confidence, chars, width, height, seconds, status, message, text)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const OCR_UPSERT_DOCUMENT = `INSERT INTO ocr_documents(item_id, base_chars, pages, chars, confidence, status, done_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (item_id) DO UPDATE SET base_chars = excluded.base_chars, pages = excluded.pages,
    chars = excluded.chars, confidence = excluded.confidence, status = excluded.status, done_at = excluded.done_at`;

/** The pages of one item, for `show` and the item page. */
export const OCR_PAGES_OF = `SELECT page, source, lang, confidence, chars, width, height, status, message
  FROM ocr_pages WHERE item_id = ? ORDER BY page`;

/** Languages of a case's documents, to choose the OCR models. */
export const OCR_CASE_LANGUAGES = `SELECT language, COUNT(*) AS n FROM documents
  WHERE language IS NOT NULL GROUP BY language ORDER BY n DESC`;

export const OCR_FTS_DELETE = 'DELETE FROM fts WHERE rowid = ?';
export const OCR_FTS_INSERT = "INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, '', ?, ?, ?)";

/** The full-text row of an item after OCR: PostgreSQL stores tsvectors of the normalised tokens (migration 2). */
export const ocrFtsInsert = (dialect: Dialect): string =>
  dialect === 'sqlite'
    ? OCR_FTS_INSERT
    : "INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, to_tsvector('simple', ''), to_tsvector('simple', ?), to_tsvector('simple', ?), to_tsvector('simple', ?))";

/** Candidates of one team batch (src/team/ocr-jobs.ts), by id, in id order as OCR_TODO. */
export const ocrCandidatesIn = (n: number): string => `SELECT d.id, i.sha256, i.mime, i.rowid AS rid
  FROM documents d JOIN items i ON i.id = d.id
  WHERE i.sha256 IS NOT NULL AND d.id IN (${Array.from({ length: n }, () => '?').join(', ')})
  ORDER BY d.id`;

/** The batches of team OCR runs (migration 9, PostgreSQL only). */
export const OCR_INSERT_BATCH = `INSERT INTO ocr_batches(run_id, batch, item_ids, status, documents) VALUES (?, ?, ?, 'queued', 0)
  ON CONFLICT (run_id, batch) DO NOTHING`;
export const OCR_SET_BATCH_STATUS =
  'UPDATE ocr_batches SET status = ?, documents = ? WHERE run_id = ? AND batch = ?';
export const OCR_BATCH_STATUS = 'SELECT status FROM ocr_batches WHERE run_id = ? AND batch = ?';
export const OCR_BATCH_TALLY = `SELECT status, count(*) AS n, COALESCE(sum(documents), 0) AS documents FROM ocr_batches
  WHERE run_id = ? GROUP BY status`;
export const OCR_BATCHES_NOT_DONE = `SELECT batch, item_ids FROM ocr_batches WHERE run_id = ? AND status = 'queued' ORDER BY batch`;
export const OCR_BATCH_ITEMS = 'SELECT item_ids FROM ocr_batches WHERE run_id = ? ORDER BY batch';
