import { unzipSync } from 'fflate';
import { openPdf } from '../ingest/documents/pdfjs.js';
import { imageFormat, imageSize } from './image-size.js';
import type { OcrLimits } from './limits.js';

/**
 * One picture to read: a whole image file, one rendered PDF page, or one image embedded in an
 * Office/ODF file. `image` is absent when the picture was refused before OCR (`status` says why).
 */
export interface OcrPage {
  page: number;
  /** Where the picture came from: "image", "pdf page 3", "word/media/image1.png". */
  source: string;
  image?: Uint8Array;
  width?: number;
  height?: number;
  /** Set when the page is not read: 'failed' (with the reason) or 'no-text' (e.g. an icon). */
  status?: 'failed' | 'no-text';
  message?: string;
}

/** What kind of container `bytes` is, by magic bytes and declared type. */
export function ocrKind(bytes: Uint8Array, mime: string | null): 'image' | 'pdf' | 'zip' | null {
  if (imageFormat(bytes)) return 'image';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  const office =
    !!mime &&
    (mime.startsWith('application/vnd.openxmlformats') ||
      mime.startsWith('application/vnd.oasis.opendocument') ||
      /^application\/vnd\.ms-(word|excel|powerpoint)\..*\.12$/.test(mime));
  if (office && bytes[0] === 0x50 && bytes[1] === 0x4b) return 'zip';
  if (mime?.startsWith('image/')) return 'image';
  return null;
}

/** Checks one encoded image against the limits before any pixel is decoded. */
export function checkImage(bytes: Uint8Array, page: number, source: string, l: OcrLimits): OcrPage {
  if (bytes.length === 0) return { page, source, status: 'failed', message: 'empty image (0 bytes)' };
  if (bytes.length > l.maxImageBytes)
    return {
      page,
      source,
      status: 'failed',
      message: `image of ${bytes.length} bytes is over the ${l.maxImageBytes}-byte limit`,
    };
  const size = imageSize(bytes);
  if (!size)
    return {
      page,
      source,
      status: 'failed',
      message: 'not a readable image (unknown format or corrupt header)',
    };
  const { width, height } = size;
  if (!width || !height)
    return {
      page,
      source,
      width,
      height,
      status: 'failed',
      message: `image declares ${width}×${height} pixels`,
    };
  if (width * height > l.maxPixels)
    return {
      page,
      source,
      width,
      height,
      status: 'failed',
      message: `image declares ${width}×${height} pixels (${((width * height) / 1e6).toFixed(0)} MP), over the ${(l.maxPixels / 1e6).toFixed(0)} MP limit (decompression bomb?)`,
    };
  if (Math.min(width, height) < l.minSide)
    return {
      page,
      source,
      width,
      height,
      status: 'no-text',
      message: `${width}×${height} pixels: too small to hold text`,
    };
  return { page, source, width, height, image: bytes };
}

/** Raster images inside an OOXML (word/media, xl/media, ppt/media) or ODF (Pictures/) package. */
export function embeddedImages(bytes: Uint8Array, l: OcrLimits): OcrPage[] {
  const out: OcrPage[] = [];
  let seen = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!/^(word|xl|ppt)\/media\/|^Pictures\//.test(f.name)) return false;
        if (!/\.(png|jpe?g|gif|bmp|tiff?|webp)$/i.test(f.name)) return false;
        seen++;
        if (seen > l.maxEmbeddedImages) return false;
        if (f.originalSize > l.maxEmbeddedBytes) {
          out.push({
            page: seen,
            source: f.name,
            status: 'failed',
            message: `embedded image of ${f.originalSize} bytes is over the ${l.maxEmbeddedBytes}-byte limit`,
          });
          return false;
        }
        return true;
      },
    });
  } catch (err) {
    return [
      {
        page: 1,
        source: 'package',
        status: 'failed',
        message: `unreadable zip package: ${(err as Error).message}`,
      },
    ];
  }
  const names = Object.keys(files).sort();
  names.forEach((name, i) => {
    out.push(checkImage(files[name] as Uint8Array, i + 1, name, l));
  });
  if (seen > l.maxEmbeddedImages)
    out.push({
      page: seen + 1,
      source: 'package',
      status: 'failed',
      message: `${seen} images: only the first ${l.maxEmbeddedImages} were read`,
    });
  return out.sort((a, b) => a.page - b.page).map((p, i) => ({ ...p, page: i + 1 }));
}

/**
 * Whether a PDF holds any image XObject, from its raw bytes: a scan is always one. Sound because
 * ISO 32000-1 §7.5.7 forbids stream objects (an image is one) inside compressed object streams, so
 * `/Subtype /Image` is never hidden in a compressed stream. PDFs without one (the common
 * text-layer kind) are not reopened by pdf.js at all. Inline images (BI…EI inside a compressed
 * content stream) are missed; they hold icons, rarely pages.
 */
export function hasImageXObject(bytes: Uint8Array): boolean {
  return /\/Subtype\s*\/Image\b/.test(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
  );
}

/**
 * PDF pages without a text layer (fewer than `pdfTextLayerChars` characters), each rendered by
 * pdf.js at `renderDpi` (less when the page would exceed `maxPixels`) onto @napi-rs/canvas (a
 * prebuilt Skia binary pdf.js uses in Node; nothing compiles at install), encoded as PNG. Fonts,
 * CMaps and image decoders come from pdfjs-dist's own folders: no fetch. Pages past `maxPdfPages`
 * are recorded as not read.
 */
export async function* pdfPages(bytes: Uint8Array, l: OcrLimits): AsyncGenerator<OcrPage> {
  const task = await openPdf(bytes, { render: true });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy();
    yield { page: 1, source: 'pdf', status: 'failed', message: `unreadable PDF: ${(err as Error).message}` };
    return;
  }
  try {
    const n = Math.min(doc.numPages, l.maxPdfPages);
    for (let i = 1; i <= n; i++) {
      const source = `pdf page ${i}`;
      try {
        const page = await doc.getPage(i);
        const tc = await page.getTextContent();
        const chars = tc.items.reduce((s, it) => s + ('str' in it ? it.str.trim().length : 0), 0);
        if (chars >= l.pdfTextLayerChars) {
          page.cleanup();
          continue;
        }
        yield await renderPage(doc, page, i, source, l);
        page.cleanup();
      } catch (err) {
        yield { page: i, source, status: 'failed', message: `page not rendered: ${(err as Error).message}` };
      }
    }
    if (doc.numPages > n)
      yield {
        page: n + 1,
        source: `pdf pages ${n + 1}–${doc.numPages}`,
        status: 'failed',
        message: `${doc.numPages} pages: pages past ${l.maxPdfPages} were not read (maxPdfPages)`,
      };
  } finally {
    await doc.destroy();
  }
}

type PdfDoc = Awaited<Awaited<ReturnType<typeof openPdf>>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDoc['getPage']>>;

async function renderPage(
  doc: PdfDoc,
  page: PdfPage,
  i: number,
  source: string,
  l: OcrLimits,
): Promise<OcrPage> {
  const base = page.getViewport({ scale: 1 });
  let scale = l.renderDpi / 72;
  const px = base.width * base.height * scale * scale;
  if (px > l.maxPixels) scale *= Math.sqrt(l.maxPixels / px);
  const vp = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(vp.width));
  const height = Math.max(1, Math.floor(vp.height));
  const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const { canvas, context } = factory.create(width, height);
  try {
    // Scans are often transparent-free, but vector pages are not: paint white first.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvasContext: context as never, viewport: vp, canvas: canvas as never }).promise;
    const png = await canvas.encode('png');
    return { page: i, source, width, height, image: new Uint8Array(png) };
  } finally {
    factory.destroy({ canvas, context });
  }
}

interface CanvasFactory {
  create(w: number, h: number): { canvas: NapiCanvas; context: CanvasRenderingContext2DLike };
  destroy(c: { canvas: NapiCanvas; context: CanvasRenderingContext2DLike }): void;
}
interface NapiCanvas {
  encode(format: 'png'): Promise<Buffer>;
}
interface CanvasRenderingContext2DLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
}
