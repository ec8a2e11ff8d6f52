import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Where each language's trained model lives on this machine. English and French come from npm
 * (`@tesseract.js-data/eng`, `@tesseract.js-data/fra`, the LSTM "best_int" models tesseract.js
 * itself defaults to), so `npm install` alone is enough. No npm package carries Russian: Debian's
 * `tesseract-ocr-rus` (or any `rus.traineddata` under $TESSDATA_PREFIX) is used when present.
 * Nothing is ever downloaded: tesseract.js would fetch from a CDN if given no local path.
 */
const require = createRequire(import.meta.url);

const NPM_LANGS = ['eng', 'fra'] as const;
const SYSTEM_DIRS = [
  process.env.TESSDATA_PREFIX ?? '',
  '/usr/share/tesseract-ocr/5/tessdata',
  '/usr/share/tesseract-ocr/4.00/tessdata',
  '/usr/share/tessdata',
].filter(Boolean);

/** Model file of one language, or undefined when this machine has none. */
export function modelPath(lang: string): string | undefined {
  if ((NPM_LANGS as readonly string[]).includes(lang)) {
    try {
      const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
      const p = join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`);
      if (existsSync(p)) return p;
    } catch {
      // package missing: fall through to system models
    }
  }
  for (const dir of SYSTEM_DIRS) {
    const p = join(dir, `${lang}.traineddata`);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Languages this machine can read, among those leaklens knows how to choose. */
export function availableLangs(): string[] {
  return ['eng', 'fra', 'rus', 'deu', 'spa', 'ita'].filter((l) => modelPath(l) !== undefined);
}

/** ISO 639-1 (documents.language) to tesseract's codes. */
export const TESS_CODE: Record<string, string> = {
  en: 'eng',
  fr: 'fra',
  ru: 'rus',
  de: 'deu',
  es: 'spa',
  it: 'ita',
};

/**
 * A directory holding `<lang>.traineddata.gz` links to each model, as tesseract.js's `langPath`
 * wants one directory while npm puts each language in its own package. Removed by `dispose`.
 * (tesseract.js 7.0.0 also accepts `{code, data}` objects, but then initialises with the bytes as
 * the language name: a bug, so links it is.) A link named `.gz` may point at an uncompressed
 * Debian model: tesseract.js checks the gzip magic before inflating.
 */
export function langDir(langs: string[]): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-ocr-'));
  for (const l of langs) {
    const p = modelPath(l);
    if (!p) throw new Error(`no OCR model for language "${l}" on this machine`);
    symlinkSync(p, join(dir, `${l}.traineddata.gz`));
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
