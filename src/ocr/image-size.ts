/**
 * The format and pixel size an image declares in its header, read without decoding it, so a
 * decompression bomb is refused before any pixel is allocated. Returns null for bytes that are not
 * one of the formats the OCR engine reads (PNG, JPEG, GIF, BMP, WebP, TIFF).
 * @example imageSize(png)?.width // 1240
 */
export interface ImageSize {
  format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'tiff';
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u16le = (b: Uint8Array, o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32be = (b: Uint8Array, o: number) => u16be(b, o) * 65536 + u16be(b, o + 2);
const u32le = (b: Uint8Array, o: number) => u16le(b, o) + u16le(b, o + 2) * 65536;
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

export function imageFormat(b: Uint8Array): ImageSize['format'] | null {
  if (b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') return 'png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  if (ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (ascii(b, 0, 2) === 'BM') return 'bmp';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*') return 'tiff';
  return null;
}

export function imageSize(b: Uint8Array): ImageSize | null {
  const format = imageFormat(b);
  if (!format) return null;
  const dims = DIMS[format](b);
  return dims ? { format, ...dims } : null;
}

type Dims = { width: number; height: number } | null;

const DIMS: Record<ImageSize['format'], (b: Uint8Array) => Dims> = {
  // PNG §11.2.2: IHDR is the first chunk, width and height big-endian at 16 and 20.
  png: (b) => (ascii(b, 12, 4) === 'IHDR' ? { width: u32be(b, 16), height: u32be(b, 20) } : null),
  gif: (b) => (b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : null),
  // BITMAPINFOHEADER: signed height (negative = top-down).
  bmp: (b) =>
    b.length >= 26 ? { width: Math.abs(u32le(b, 18) | 0), height: Math.abs(u32le(b, 22) | 0) } : null,
  jpeg: jpegDims,
  webp: webpDims,
  tiff: tiffDims,
};

/** ITU T.81 B.2.2: the first SOFn segment holds height then width. */
function jpegDims(b: Uint8Array): Dims {
  let o = 2;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) return null;
    const marker = b[o + 1] ?? 0;
    if (marker === 0xff) {
      o++;
      continue;
    }
    const len = u16be(b, o + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: u16be(b, o + 5), width: u16be(b, o + 7) };
    if (len < 2) return null;
    o += 2 + len;
  }
  return null;
}

/** RFC 9649: VP8 (lossy), VP8L (lossless) and VP8X (extended) headers. */
function webpDims(b: Uint8Array): Dims {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  if (chunk === 'VP8L') {
    const v = u32le(b, 21);
    return { width: (v & 0x3fff) + 1, height: ((v >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const w = (b[24] ?? 0) | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16);
    const h = (b[27] ?? 0) | ((b[28] ?? 0) << 8) | ((b[29] ?? 0) << 16);
    return { width: w + 1, height: h + 1 };
  }
  return null;
}

/** TIFF 6.0: the first IFD's ImageWidth (256) and ImageLength (257) tags. */
function tiffDims(b: Uint8Array): Dims {
  const le = b[0] === 0x49;
  const r16 = (o: number) => (le ? u16le(b, o) : u16be(b, o));
  const r32 = (o: number) => (le ? u32le(b, o) : u32be(b, o));
  const ifd = r32(4);
  if (ifd + 2 > b.length) return null;
  const n = r16(ifd);
  let width = 0;
  let height = 0;
  for (let i = 0; i < n && ifd + 2 + i * 12 + 12 <= b.length; i++) {
    const e = ifd + 2 + i * 12;
    const tag = r16(e);
    const type = r16(e + 2);
    const value = type === 3 ? r16(e + 8) : r32(e + 8);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return width && height ? { width, height } : null;
}
