import { DOC_ROWS, EMAIL_COUNT, MAIL_SAMPLE } from '../case/sql/metadata.js';
import type { SqlDb } from '../case/sql-db.js';
import { detectLanguage } from '../ingest/documents/language.js';
import type { DocumentMetadata } from '../model/entities.js';
import type { Store } from '../store/store.js';
import type { DocRow } from './outlier-rules.js';

interface RawDocRow {
  id: string;
  filename: string | null;
  language: string | null;
  metadata_json: string;
  text_length: number;
  size: number;
  email_date: string | null;
}

const docRow = (r: RawDocRow): DocRow => ({
  id: r.id,
  filename: r.filename,
  size: Number(r.size),
  language: r.language,
  textLength: Number(r.text_length),
  metadata: parse(r.metadata_json),
  emailDate: r.email_date,
});

/** Every document of a case with its metadata and, for attachments, the date of the carrying e-mail. */
export function loadDocRows(store: Store): DocRow[] {
  return (store.db.prepare(DOC_ROWS).all() as RawDocRow[]).map(docRow);
}

/** The same through the case's `SqlDb` (either engine). */
export async function loadDocRowsDb(db: SqlDb): Promise<DocRow[]> {
  return (await db.all<RawDocRow>(DOC_ROWS)).map(docRow);
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
  const total = (store.db.prepare(EMAIL_COUNT).get() as { n: number }).n;
  if (!total) return new Set();
  const step = Math.max(1, Math.floor(total / sample));
  return majorLanguages(store.db.prepare(MAIL_SAMPLE.sqlite).all(step, sample) as { t: string | null }[]);
}

/** The same through the case's `SqlDb` (either engine; see MAIL_SAMPLE for the PostgreSQL sample). */
export async function mailLanguagesDb(db: SqlDb, sample = 3000): Promise<Set<string>> {
  const total = Number((await db.get<{ n: number }>(EMAIL_COUNT))?.n ?? 0);
  if (!total) return new Set();
  const step = Math.max(1, Math.floor(total / sample));
  return majorLanguages(await db.all<{ t: string | null }>(MAIL_SAMPLE[db.dialect], [step, sample]));
}

function majorLanguages(rows: { t: string | null }[]): Set<string> {
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
