import { createRequire } from 'node:module';
import { imageFormat } from './image-size.js';

/**
 * The engine's Leptonica (tesseract.js-core 7) decodes PNG and JPEG only: GIF, WebP, BMP and TIFF
 * come back empty (test/ocr/formats.test.ts caught it). Those are decoded here and re-encoded as
 * PNG: GIF (first frame), WebP and BMP by Skia through @napi-rs/canvas, TIFF (first page; LZW,
 * PackBits, Deflate, CCITT G3/G4 fax, JPEG) by UTIF.js. The pixel count was already checked
 * against the header (limits.ts `maxPixels`) before this allocates anything.
 */
const require = createRequire(import.meta.url);

interface Ifd {
  width: number;
  height: number;
}
interface Utif {
  decode(b: ArrayBuffer | Uint8Array): Ifd[];
  decodeImage(b: ArrayBuffer | Uint8Array, ifd: Ifd): void;
  toRGBA8(ifd: Ifd): Uint8Array;
}

type Canvas = {
  getContext(t: '2d'): {
    drawImage(i: unknown, x: number, y: number): void;
    createImageData(w: number, h: number): { data: Uint8ClampedArray };
    putImageData(d: unknown, x: number, y: number): void;
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
  };
  encode(f: 'png'): Promise<Buffer>;
};
type CanvasModule = {
  createCanvas(w: number, h: number): Canvas;
  loadImage(src: Buffer): Promise<{ width: number; height: number }>;
};

export async function engineImage(bytes: Uint8Array): Promise<Uint8Array> {
  const format = imageFormat(bytes);
  if (format === 'png' || format === 'jpeg') return bytes;
  const { createCanvas, loadImage } = (await import('@napi-rs/canvas')) as unknown as CanvasModule;
  if (format === 'tiff') {
    const UTIF = require('utif') as Utif;
    const ifd = UTIF.decode(bytes)[0];
    if (!ifd) throw new Error('TIFF without an image directory');
    UTIF.decodeImage(bytes, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    const c = createCanvas(ifd.width, ifd.height);
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(ifd.width, ifd.height);
    img.data.set(rgba.subarray(0, img.data.length));
    ctx.putImageData(img, 0, 0);
    return new Uint8Array(await c.encode('png'));
  }
  // Decoding is asynchronous: an Image drawn right after `src =` is still empty.
  const img = await loadImage(Buffer.from(bytes));
  if (!img.width || !img.height) throw new Error(`${format} image could not be decoded`);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  // Transparent GIF/WebP pixels would turn black in a flattened PNG: paper is white.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  return new Uint8Array(await c.encode('png'));
}
