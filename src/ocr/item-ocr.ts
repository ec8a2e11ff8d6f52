import { tableExists } from '../case/has-table.js';
import { OCR_PAGES_OF } from '../case/sql/ocr.js';
import type { SqlDb } from '../case/sql-db.js';

/** One page OCR read, as `show` and the item page list it. */
export interface OcrPageView {
  page: number;
  source: string;
  lang: string | null;
  /** Mean word confidence 0–100, null when nothing was read. */
  confidence: number | null;
  chars: number;
  width: number | null;
  height: number | null;
  status: 'ok' | 'low-confidence' | 'no-text' | 'failed';
  message: string | null;
}

/** The OCR pages of an item (empty when OCR never ran on it, or on a case made before migration 5). */
export async function ocrPagesOf(db: SqlDb, id: string): Promise<OcrPageView[]> {
  if (!(await tableExists(db, 'ocr_pages'))) return [];
  return db.all<OcrPageView>(OCR_PAGES_OF, [id]);
}

/** Lines for the terminal: one per page, low-confidence and failed pages marked. */
export function ocrLines(pages: OcrPageView[]): string[] {
  if (!pages.length) return [];
  return [
    '',
    'OCR:',
    ...pages.map((p) => {
      const conf = p.confidence === null ? '' : `  confidence ${p.confidence.toFixed(0)}%`;
      const mark = p.status === 'ok' ? '' : `  [${p.status}${p.message ? `: ${p.message}` : ''}]`;
      return `  ${String(p.page).padStart(3)}  ${p.source}  ${p.lang ?? '-'}  ${p.chars} chars${conf}${mark}`;
    }),
  ];
}
