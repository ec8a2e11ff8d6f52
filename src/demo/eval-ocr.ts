import { basename } from 'node:path';
import { cer } from '../ocr/cer.js';
import { search } from '../search/search.js';
import type { Store } from '../store/store.js';
import type { PlantedScan } from './docs/scans-plant.js';
import type { KindScore } from './eval-mail.js';

export interface OcrEval {
  kinds: KindScore[];
  /** Per planted file: character error rate of what OCR read against the truth, and its confidence. */
  pages: { file: string; kind: string; cer: number | null; confidence: number | null }[];
}

/**
 * Scores the planted scans: each must be found by searching its words (all of them, one query),
 * and be the only item found. The OCR text is compared with the truth (character error rate).
 */
export function evalOcr(store: Store, planted: PlantedScan[]): OcrEval {
  const kinds: KindScore[] = [];
  const pages: OcrEval['pages'] = [];
  for (const p of planted) {
    const id = (
      store.db.prepare('SELECT id FROM items WHERE name = ? ORDER BY id LIMIT 1').get(basename(p.file)) as
        | { id: string }
        | undefined
    )?.id;
    const hits = search(store, p.words.join(' '), { limit: 50 }).hits.map((h) => h.id);
    const detected = id && hits.includes(id) ? 1 : 0;
    kinds.push({
      kind: p.kind,
      planted: 1,
      detected,
      predicted: hits.length,
      missing: id ? 0 : 1,
      precision: hits.length ? detected / hits.length : null,
      recall: detected,
    });
    const rows = id
      ? (store.db
          .prepare("SELECT text, confidence FROM ocr_pages WHERE item_id = ? AND text != '' ORDER BY page")
          .all(id) as { text: string; confidence: number | null }[])
      : [];
    const read = rows.map((r) => r.text).join('\n');
    pages.push({
      file: p.file,
      kind: p.kind,
      cer: rows.length ? Math.round(cer(read, p.text) * 10_000) / 10_000 : null,
      confidence: rows[0]?.confidence ?? null,
    });
  }
  return { kinds, pages };
}
