import type { DocumentMetadata } from '../model/entities.js';
import type { Store } from '../store/store.js';
import type { DocRow } from './outlier-rules.js';

/** Every document of a case with its metadata and, for attachments, the date of the carrying e-mail. */
export function loadDocRows(store: Store): DocRow[] {
  const rows = store.db
    .prepare(
      `SELECT d.id, d.filename, d.language, d.metadata_json, length(d.text) AS text_length, coalesce(i.size, 0) AS size,
              (SELECT e.date FROM emails e WHERE e.id = i.parent_id) AS email_date
         FROM documents d LEFT JOIN items i ON i.id = d.id ORDER BY d.id`,
    )
    .all() as {
    id: string;
    filename: string | null;
    language: string | null;
    metadata_json: string;
    text_length: number;
    size: number;
    email_date: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    filename: r.filename,
    size: r.size,
    language: r.language,
    textLength: r.text_length,
    metadata: parse(r.metadata_json),
    emailDate: r.email_date,
  }));
}

function parse(json: string): DocumentMetadata {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as DocumentMetadata) : {};
  } catch {
    return {};
  }
}
