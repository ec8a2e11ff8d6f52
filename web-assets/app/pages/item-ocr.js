// What OCR read on an item, page by page: source, languages, confidence. Low-confidence pages are
// marked, not hidden; failed pages say why (too large, corrupt, timed out).
import { h, section, table } from '../dom.js';

const STATUS = {
  ok: 'read',
  'low-confidence': 'low confidence: the text may be wrong',
  'no-text': 'no text found',
  failed: 'failed',
};

export function ocrCard(it) {
  const pages = it.ocr ?? [];
  if (!pages.length) return null;
  return section(
    'OCR',
    h(
      'p',
      { class: 'muted' },
      'Text read from the pictures of this item; it is part of the text above and is searchable.',
    ),
    table(
      ['page', 'source', 'languages', 'confidence', 'characters', 'status'],
      pages.map((p) => [
        String(p.page),
        p.source,
        p.lang ?? '–',
        p.confidence === null ? '–' : `${Math.round(p.confidence)}%`,
        String(p.chars),
        h(
          'span',
          { class: p.status === 'ok' ? '' : 'warn' },
          STATUS[p.status] ?? p.status,
          p.message && p.status !== 'no-text' ? `: ${p.message}` : '',
        ),
      ]),
    ),
  );
}
