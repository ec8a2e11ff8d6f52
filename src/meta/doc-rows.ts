import { detectLanguage } from '../ingest/documents/language.js';
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

/**
 * Languages the organisation writes its e-mails in: the language of up to `sample` e-mail bodies
 * (evenly spread), keeping those of ≥ 2% and at least two messages.
 * @example mailLanguages(store) // Set {'fr', 'en'}
 */
export function mailLanguages(store: Store, sample = 3000): Set<string> {
  const total = (store.db.prepare('SELECT count(*) AS n FROM emails').get() as { n: number }).n;
  if (!total) return new Set();
  const step = Math.max(1, Math.floor(total / sample));
  const rows = store.db
    .prepare(
      "SELECT substr(CASE WHEN text != '' THEN text ELSE html_text END, 1, 2000) AS t FROM emails WHERE rowid % ? = 0 LIMIT ?",
    )
    .all(step, sample) as { t: string | null }[];
  const counts = new Map<string, number>();
  let n = 0;
  for (const r of rows) {
    const l = r.t ? detectLanguage(r.t) : null;
    if (!l) continue;
    n++;
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, c]) => c >= 2 && c / n >= 0.02).map(([l]) => l));
}
