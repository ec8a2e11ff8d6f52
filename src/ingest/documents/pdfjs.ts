import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js, loaded on first use: it is large, and most dumps hold few PDFs. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

const require = createRequire(import.meta.url);
const pdfjsDir = () => dirname(require.resolve('pdfjs-dist/package.json'));

/**
 * Opens hostile PDF bytes with pdf.js, one set of options for every reader (metadata and text in
 * ingest, page rendering in OCR): no `eval`, no system or web fonts, no fetch, no worker fetch, and
 * errors tolerated page by page. `render` adds pdfjs-dist's own fonts, CMaps and image decoders
 * (as file URLs: nothing is fetched), which drawing a page needs and reading text does not.
 */
export async function openPdf(bytes: Uint8Array, opts: { render?: boolean } = {}) {
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const dir = opts.render ? pdfjsDir() : null;
  const url = (sub: string) => (dir ? `${pathToFileURL(join(dir, sub)).href}/` : undefined);
  return getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
    ...(dir
      ? { standardFontDataUrl: url('standard_fonts'), cMapUrl: url('cmaps'), wasmUrl: url('wasm') }
      : {}),
  });
}
