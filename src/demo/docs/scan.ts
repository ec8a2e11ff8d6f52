import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Rng } from '../prng.js';

/**
 * Pictures of text whose truth is known, for the demo, the OCR tests and bench/ocr: lines typeset
 * by pdf-lib in a standard font, rasterised by pdf.js on @napi-rs/canvas at a chosen resolution,
 * then optionally rotated (a page photographed askew), sprinkled with seeded noise (sensor grain,
 * dust) and JPEG-compressed. Only npm packages: no font or binary of the machine is used, so the
 * same seed gives the same picture everywhere those packages render the same.
 */
export interface ScanStyle {
  dpi: number;
  /** Degrees, clockwise. */
  rotate?: number;
  /** Standard deviation of grey-level noise, 0–255. */
  noise?: number;
  /** Share of pixels turned to dust specks, 0–1. */
  specks?: number;
  format: 'png' | 'jpeg';
  /** JPEG quality 0–100. */
  quality?: number;
  seed?: number;
  /** Font size in points (default 12). */
  size?: number;
  font?: 'helvetica' | 'times' | 'courier';
}

export interface Scan {
  image: Uint8Array;
  width: number;
  height: number;
}

const require = createRequire(import.meta.url);
const FONTS = {
  helvetica: StandardFonts.Helvetica,
  times: StandardFonts.TimesRoman,
  courier: StandardFonts.Courier,
};

/** A text-layer PDF of one A5 page holding `lines`. */
export async function textPdf(
  lines: string[],
  size = 12,
  font: ScanStyle['font'] = 'helvetica',
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const f = await doc.embedFont(FONTS[font]);
  const lead = size * 1.5;
  const page = doc.addPage([420, Math.max(595, 80 + lines.length * lead)]);
  lines.forEach((l, i) => {
    page.drawText(l, { x: 36, y: page.getHeight() - 48 - i * lead, size, font: f });
  });
  return doc.save({ useObjectStreams: false });
}

type Canvas = {
  width: number;
  height: number;
  getContext(t: '2d'): Ctx;
  encode(f: 'png' | 'jpeg', q?: number): Promise<Buffer>;
};
type Ctx = {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  translate(x: number, y: number): void;
  rotate(a: number): void;
  drawImage(c: unknown, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  putImageData(d: { data: Uint8ClampedArray }, x: number, y: number): void;
};

/** Renders `lines` as a picture in `style`. */
export async function renderScan(lines: string[], style: ScanStyle): Promise<Scan> {
  const { createCanvas } = (await import('@napi-rs/canvas')) as unknown as {
    createCanvas(w: number, h: number): Canvas;
  };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const dir = dirname(require.resolve('pdfjs-dist/package.json'));
  const doc = await pdfjs.getDocument({
    data: await textPdf(lines, style.size, style.font),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    standardFontDataUrl: `${pathToFileURL(join(dir, 'standard_fonts')).href}/`,
  }).promise;
  try {
    const page = await doc.getPage(1);
    const vp = page.getViewport({ scale: style.dpi / 72 });
    const flat = createCanvas(Math.floor(vp.width), Math.floor(vp.height));
    const fctx = flat.getContext('2d');
    fctx.fillStyle = '#ffffff';
    fctx.fillRect(0, 0, flat.width, flat.height);
    await page.render({ canvasContext: fctx as never, viewport: vp, canvas: flat as never }).promise;
    let out = flat;
    if (style.rotate) {
      out = createCanvas(flat.width, flat.height);
      const ctx = out.getContext('2d');
      ctx.fillStyle = '#f4f1ea';
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.translate(out.width / 2, out.height / 2);
      ctx.rotate((style.rotate * Math.PI) / 180);
      ctx.translate(-out.width / 2, -out.height / 2);
      ctx.drawImage(flat, 0, 0);
    }
    if (style.noise || style.specks) addNoise(out, style);
    const image = new Uint8Array(await out.encode(style.format, style.quality ?? 85));
    return { image, width: out.width, height: out.height };
  } finally {
    await doc.destroy();
  }
}

/** Gaussian grey noise (Box–Muller on the seeded generator) and dark specks. */
function addNoise(c: Canvas, s: ScanStyle): void {
  const rng = new Rng(s.seed ?? 1);
  const ctx = c.getContext('2d');
  const img = ctx.getImageData(0, 0, c.width, c.height);
  const d = img.data;
  const sigma = s.noise ?? 0;
  for (let i = 0; i < d.length; i += 4) {
    let delta = 0;
    if (sigma) {
      const u = Math.max(rng.next(), 1e-9);
      delta = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next()) * sigma;
    }
    if (s.specks && rng.next() < s.specks) delta = -200;
    for (let k = 0; k < 3; k++) d[i + k] = Math.max(0, Math.min(255, (d[i + k] ?? 0) + delta));
  }
  ctx.putImageData(img, 0, 0);
}

/** A PDF whose only page is `jpeg` (no text layer): what a scanner writes. */
export async function imageOnlyPdf(jpeg: Uint8Array, dpi: number): Promise<Uint8Array> {
  // No Info dictionary: many scanners write none, and pdf-lib's defaults (its own name, today's
  // date in UTC) would make the demo differ from run to run and look edited outside the
  // organisation (the metadata stage flagged it: rare application, foreign time zone).
  const doc = await PDFDocument.create({ updateMetadata: false });
  const img = await doc.embedJpg(jpeg);
  const w = (img.width * 72) / dpi;
  const h = (img.height * 72) / dpi;
  doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  return doc.save({ useObjectStreams: false });
}

const X = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Word document holding one paragraph of text and one pasted picture (word/media/image1.png,
 * referenced by an inline DrawingML w:drawing as Word writes it, ECMA-376 Part 1 §20.4).
 */
export function docxWithPicture(
  caption: string,
  png: Uint8Array,
  widthPx: number,
  heightPx: number,
  when: Date,
): Uint8Array {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const emu = (px: number) => Math.round((px * 914400) / 150);
  const drawing = `<w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="${emu(widthPx)}" cy="${emu(heightPx)}"/><wp:docPr id="1" name="Picture 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId2"/></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${emu(widthPx)}" cy="${emu(heightPx)}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`;
  const mtime = when;
  const files = {
    '[Content_Types].xml': strToU8(
      `${X}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${X}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `${X}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="${R}/image" Target="media/image1.png"/></Relationships>`,
    ),
    'word/document.xml': strToU8(
      `${X}<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body><w:p><w:r><w:t xml:space="preserve">${esc(caption)}</w:t></w:r></w:p><w:p><w:r>${drawing}</w:r></w:p><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
    ),
    'word/media/image1.png': png,
  };
  return zipSync(files, { level: 6, mtime });
}
