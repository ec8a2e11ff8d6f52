/**
 * Named OCR limits, each with the attack or accident it blocks (CONVENTIONS.md §3, like
 * src/ingest/limits.ts). A limit that trips becomes a `failed` page with the reason, never an
 * aborted run.
 */
export interface OcrLimits {
  /**
   * Pixels of one image or rendered page (width × height, read from the header before decoding).
   * Blocks decompression bombs: a 20 kB PNG can declare 100,000 × 100,000 pixels (40 GB decoded).
   */
  maxPixels: number;
  /** Bytes of one encoded image handed to the OCR engine. Blocks a 1 GB "image" filling memory. */
  maxImageBytes: number;
  /** Smallest side worth reading: icons, spacer GIFs and tracking pixels hold no text. */
  minSide: number;
  /**
   * Wall time of one page in its OCR thread. Blocks pages that make the engine grind (dense noise,
   * huge tables): the thread is stopped and replaced, the page recorded as failed.
   */
  maxPageSeconds: number;
  /** Pages read from one PDF. Blocks PDFs of thousands of scanned pages taking a day each. */
  maxPdfPages: number;
  /** Images read from one Office/ODF/PDF-page container. Blocks documents with thousands of pictures. */
  maxEmbeddedImages: number;
  /** Resolution PDF pages are rendered at; 200 dpi reads 10-pt text well at a quarter of 400 dpi's pixels. */
  renderDpi: number;
  /** Characters of text layer under which a PDF page counts as "scanned" (no text layer). */
  pdfTextLayerChars: number;
  /** Mean word confidence (0–100) under which a page is flagged low-confidence (kept, not hidden). */
  lowConfidence: number;
  /** Encoded bytes of one embedded image pulled from a zip container (a media entry). */
  maxEmbeddedBytes: number;
}

export const MAX_OCR_PIXELS = 40_000_000;
export const MAX_OCR_IMAGE_BYTES = 64 * 1024 * 1024;
export const MIN_OCR_SIDE = 48;
export const MAX_OCR_PAGE_SECONDS = 120;
export const MAX_OCR_PDF_PAGES = 500;
export const MAX_OCR_EMBEDDED_IMAGES = 100;
export const OCR_RENDER_DPI = 200;
export const PDF_TEXT_LAYER_CHARS = 20;
export const LOW_OCR_CONFIDENCE = 60;
export const MAX_OCR_EMBEDDED_BYTES = 32 * 1024 * 1024;

export const DEFAULT_OCR_LIMITS: OcrLimits = {
  maxPixels: MAX_OCR_PIXELS,
  maxImageBytes: MAX_OCR_IMAGE_BYTES,
  minSide: MIN_OCR_SIDE,
  maxPageSeconds: MAX_OCR_PAGE_SECONDS,
  maxPdfPages: MAX_OCR_PDF_PAGES,
  maxEmbeddedImages: MAX_OCR_EMBEDDED_IMAGES,
  renderDpi: OCR_RENDER_DPI,
  pdfTextLayerChars: PDF_TEXT_LAYER_CHARS,
  lowConfidence: LOW_OCR_CONFIDENCE,
  maxEmbeddedBytes: MAX_OCR_EMBEDDED_BYTES,
};
