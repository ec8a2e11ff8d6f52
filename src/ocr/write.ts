import {
  OCR_DELETE_PAGES,
  OCR_DOC_TEXT,
  OCR_FTS_DELETE,
  OCR_INSERT_PAGE,
  OCR_SET_TEXT,
  OCR_UPSERT_DOCUMENT,
  ocrFtsInsert,
} from '../case/sql/ocr.js';
import { flagId, flagParams, UPSERT_FLAG } from '../case/sql/records.js';
import type { SqlDb } from '../case/sql-db.js';
import { MAX_TEXT_CHARS } from '../ingest/limits.js';
import type { DocumentMetadata, FlagRecord } from '../model/entities.js';
import { metadataNames } from '../search/document-people.js';
import { guessStemLang, indexNames, indexPeople, indexText } from '../search/normalize.js';
import type { OcrLimits } from './limits.js';
import type { PageResult } from './read.js';

export const OCR_STAGE = 'ocr';

/** A document OCR may read (OCR_TODO's row): `rid` keys its full-text row. */
export interface OcrCandidate {
  id: string;
  sha256: string;
  mime: string | null;
  rid: number | string;
}

/** Worst status first, so an item with one failed page says so. */
export function itemStatus(pages: readonly PageResult[]): string {
  if (!pages.length) return 'no-images';
  const texts = pages.filter((p) => p.text);
  if (!texts.length) return pages.every((p) => p.status === 'failed') ? 'failed' : 'no-text';
  return texts.some((p) => p.status === 'low-confidence') ? 'low-confidence' : 'ok';
}

interface DocTextRow {
  text: string;
  filename: string | null;
  name: string | null;
  meta: string;
  language: string | null;
  base_chars: number | string | null;
}

/**
 * Writes one item's OCR with `tx` (inside the caller's transaction): its pages, its text (own text
 * + OCR text, so search, snippets, triage and entities see it), its full-text row (FTS5 on SQLite,
 * tsvectors on PostgreSQL, from the same normalised tokens ingest indexes), its low-confidence
 * flag, and the `ocr_documents` row that marks it done. Written again (a job redone, `--again`),
 * it leaves the same rows: the item's own text is kept apart by `base_chars`. Returns the OCR
 * characters added.
 */
export async function writeOcrRows(
  tx: SqlDb,
  c: OcrCandidate,
  pages: readonly PageResult[],
  l: OcrLimits,
): Promise<number> {
  const row = await tx.get<DocTextRow>(OCR_DOC_TEXT, [c.id]);
  if (!row) return 0;
  const base = row.base_chars === null ? row.text : row.text.slice(0, Number(row.base_chars));
  const ocrText = pages
    .filter((p) => p.text)
    .map((p) => p.text)
    .join('\n\n');
  const text = (base && ocrText ? `${base}\n\n${ocrText}` : base || ocrText).slice(0, MAX_TEXT_CHARS);
  const withText = pages.filter((p) => p.text && p.confidence !== null);
  const confidence = withText.length
    ? withText.reduce((s, p) => s + (p.confidence as number) * p.text.length, 0) /
      withText.reduce((s, p) => s + p.text.length, 0)
    : null;
  const low = pages.filter((p) => p.status === 'low-confidence');
  await tx.run(OCR_DELETE_PAGES, [c.id]);
  for (const p of pages)
    await tx.run(OCR_INSERT_PAGE, [
      c.id,
      p.page,
      p.source,
      p.lang,
      p.confidence,
      p.text.length,
      p.width,
      p.height,
      p.seconds,
      p.status,
      p.message,
      p.text,
    ]);
  if (text !== row.text) {
    // The language model (eld) loads only when OCR found text: an ingest with nothing to OCR, the
    // common case, does not pay its half second of start-up.
    const language = row.language ?? (await import('../ingest/documents/language.js')).detectLanguage(text);
    await tx.run(OCR_SET_TEXT, [text, language, c.id]);
    await tx.run(OCR_FTS_DELETE, [c.rid]);
    await tx.run(ocrFtsInsert(tx.dialect), [
      c.rid,
      text ? indexText(text, guessStemLang(text)) : '',
      indexNames(row.filename ?? row.name ?? ''),
      indexPeople(metadataNames(JSON.parse(row.meta) as DocumentMetadata).join(' ')),
    ]);
  }
  if (low.length) {
    const flag: FlagRecord = {
      itemId: c.id,
      kind: 'ocr-low-confidence',
      severity: 'low',
      message: `OCR read ${low.length} page(s) with low confidence (under ${l.lowConfidence}%): the text may be wrong`,
      evidence: { pages: low.map((p) => ({ page: p.page, source: p.source, confidence: p.confidence })) },
      stage: OCR_STAGE,
    };
    await tx.run(UPSERT_FLAG, flagParams(flagId(flag), flag));
  }
  await tx.run(OCR_UPSERT_DOCUMENT, [
    c.id,
    base.length,
    pages.length,
    ocrText.length,
    confidence === null ? null : Math.round(confidence * 10) / 10,
    itemStatus(pages),
    new Date().toISOString(),
  ]);
  return ocrText.length;
}
