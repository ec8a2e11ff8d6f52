import { type OcrPool, OcrTimeout } from './engine.js';
import type { LangPlan } from './langs.js';
import type { OcrLimits } from './limits.js';
import { engineImage } from './normalise.js';
import type { OcrPage } from './sources.js';

export type PageStatus = 'ok' | 'low-confidence' | 'no-text' | 'failed';

/** One page's result, as stored in ocr_pages. */
export interface PageResult {
  page: number;
  source: string;
  lang: string | null;
  confidence: number | null;
  text: string;
  width: number | null;
  height: number | null;
  seconds: number | null;
  status: PageStatus;
  message: string | null;
}

/** Lines tesseract returns as noise on photos (only punctuation or 1–2 stray letters) are dropped. */
function clean(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.replace(/[^\p{L}\p{N}]/gu, '').length >= 2 || l === '')
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Reads one page: the Latin pass, then the fallback script when the first pass is not confident.
 * Never throws: an engine error or a timeout becomes a `failed` result with the reason.
 */
export async function readPage(pool: OcrPool, p: OcrPage, plan: LangPlan, l: OcrLimits): Promise<PageResult> {
  const base = {
    page: p.page,
    source: p.source,
    width: p.width ?? null,
    height: p.height ?? null,
  };
  if (!p.image)
    return {
      ...base,
      lang: null,
      confidence: null,
      text: '',
      seconds: null,
      status: p.status ?? 'failed',
      message: p.message ?? null,
    };
  let image: Uint8Array;
  try {
    image = await engineImage(p.image);
  } catch (err) {
    return {
      ...base,
      lang: null,
      confidence: null,
      text: '',
      seconds: null,
      status: 'failed',
      message: `corrupt image: ${(err as Error).message}`,
    };
  }
  try {
    let r = await pool.recognize(image, plan.primary);
    if (r.confidence < l.lowConfidence && plan.fallback.length) {
      const alt = await pool.recognize(image, plan.fallback);
      if (alt.confidence > r.confidence + 10) r = { ...alt, seconds: alt.seconds + r.seconds };
    }
    const text = clean(r.text);
    const status: PageStatus = !text ? 'no-text' : r.confidence < l.lowConfidence ? 'low-confidence' : 'ok';
    return {
      ...base,
      lang: r.lang,
      confidence: Math.round(r.confidence * 10) / 10,
      text,
      seconds: Math.round(r.seconds * 1000) / 1000,
      status,
      message: status === 'no-text' ? 'no text found' : null,
    };
  } catch (err) {
    const why =
      err instanceof OcrTimeout ? err.message : `OCR engine error: ${(err as Error).message ?? String(err)}`;
    return { ...base, lang: null, confidence: null, text: '', seconds: null, status: 'failed', message: why };
  }
}
