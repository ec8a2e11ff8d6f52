import { availableLangs, TESS_CODE } from './lang-data.js';

/** Languages whose script is not Latin: read in a second pass when the Latin pass reads little. */
const CYRILLIC = new Set(['rus']);

export interface LangPlan {
  /** Read every page with these first (Latin script): the case's languages, English and French. */
  primary: string[];
  /** Tried when the first pass is not confident (another script), best confidence kept. */
  fallback: string[];
}

/**
 * The models to read a case with: those the user named (`--lang fra,rus`), else English, French
 * and the other Latin-script languages that make up ≥ 5% of the case's documents (documents.language),
 * at most three (each model slows every page). Cyrillic (Russian, when this machine has Debian's
 * model) goes to the second pass: tesseract has no script detector without the legacy engine, so
 * a page the Latin models read with low confidence is read again with the Cyrillic model and the
 * more confident reading is kept.
 * @example planLangs([], [{ language: 'fr', n: 90 }, { language: 'en', n: 10 }]) // { primary: ['fra','eng'], fallback: ['rus'] }
 */
export function planLangs(
  requested: string[],
  caseLangs: { language: string; n: number }[],
  available: string[] = availableLangs(),
): LangPlan {
  const has = new Set(available);
  if (requested.length) {
    const missing = requested.filter((l) => !has.has(l));
    if (missing.length)
      throw new Error(
        `no OCR model for ${missing.join(', ')} on this machine (available: ${available.join(', ')})`,
      );
    return {
      primary: requested.filter((l) => !CYRILLIC.has(l)).length
        ? requested.filter((l) => !CYRILLIC.has(l))
        : requested,
      fallback: requested.filter((l) => CYRILLIC.has(l) && requested.some((r) => !CYRILLIC.has(r))),
    };
  }
  const total = caseLangs.reduce((s, r) => s + r.n, 0) || 1;
  const fromCase = caseLangs
    .filter((r) => r.n / total >= 0.05)
    .map((r) => TESS_CODE[r.language])
    .filter((l): l is string => !!l && has.has(l) && !CYRILLIC.has(l));
  const primary = [...new Set([...fromCase, 'fra', 'eng'].filter((l) => has.has(l)))].slice(0, 3);
  const fallback = available.filter((l) => CYRILLIC.has(l));
  return { primary, fallback };
}
