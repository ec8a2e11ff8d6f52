import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * Largest image decoded for a perceptual hash, in megapixels: a 1×1 KB PNG can claim 60,000 ×
 * 60,000 pixels (a decompression bomb); past this the image is not hashed.
 */
export const MAX_DHASH_MEGAPIXELS = 40;

/** Hamming distance at or under which two dHashes are the same picture (of 64 bits; Krawetz's advice: ≤ 10 is "likely similar"; we keep a stricter 6). */
export const DHASH_MAX_DISTANCE = 6;

/**
 * dHash ("difference hash", N. Krawetz, hackerfactor.com 2013): the image shrunk to 9×8 grey
 * pixels, one bit per pixel telling whether it is brighter than its right neighbour. Survives
 * re-encoding, resizing and light recompression — what a screenshot or a re-posted JPEG does to a
 * file — where MD5 does not. Returns 16 hex digits, or null when the bytes are not a JPEG or PNG
 * this decoder reads (never throws).
 * @example dhashOfImage(readFileSync('scan.jpg')) // 'f0e4c2d0b0a0e0f0'
 */
export function dhashOfImage(bytes: Uint8Array): string | null {
  try {
    const img = decode(bytes);
    return img ? dhashOfPixels(img.width, img.height, img.data) : null;
  } catch {
    return null;
  }
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decode(bytes: Uint8Array): Rgba | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xff && buf[1] === 0xd8) {
    const d = jpeg.decode(buf, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_DHASH_MEGAPIXELS,
      maxMemoryUsageInMB: 512,
    });
    return { width: d.width, height: d.height, data: d.data };
  }
  if (buf.length > 24 && buf.readUInt32BE(0) === 0x89504e47) {
    // IHDR width/height at bytes 16..24 (PNG spec §11.2.2): checked before inflating anything.
    const w = buf.readUInt32BE(16);
    const h = buf.readUInt32BE(20);
    if (w * h > MAX_DHASH_MEGAPIXELS * 1e6) return null;
    const p = PNG.sync.read(buf);
    return { width: p.width, height: p.height, data: p.data };
  }
  return null;
}

/** dHash of RGBA pixels: box-average into 9×8 cells of luma (ITU-R BT.601 weights), then compare neighbours. */
export function dhashOfPixels(width: number, height: number, rgba: Uint8Array): string | null {
  if (width < 1 || height < 1) return null;
  const W = 9;
  const H = 8;
  const sum = new Float64Array(W * H);
  const cnt = new Float64Array(W * H);
  for (let y = 0; y < height; y++) {
    const cy = Math.min(H - 1, Math.floor((y * H) / height));
    for (let x = 0; x < width; x++) {
      const cx = Math.min(W - 1, Math.floor((x * W) / width));
      const i = (y * width + x) * 4;
      const l = 0.299 * (rgba[i] ?? 0) + 0.587 * (rgba[i + 1] ?? 0) + 0.114 * (rgba[i + 2] ?? 0);
      sum[cy * W + cx] = (sum[cy * W + cx] ?? 0) + l;
      cnt[cy * W + cx] = (cnt[cy * W + cx] ?? 0) + 1;
    }
  }
  const cell = (x: number, y: number) => (sum[y * W + x] ?? 0) / Math.max(1, cnt[y * W + x] ?? 0);
  let hex = '';
  for (let y = 0; y < H; y++) {
    let byte = 0;
    for (let x = 0; x < W - 1; x++) byte = (byte << 1) | (cell(x, y) > cell(x + 1, y) ? 1 : 0);
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Bits that differ between two 16-hex-digit hashes. */
export function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 4) {
    let x = Number.parseInt(a.slice(i, i + 4), 16) ^ Number.parseInt(b.slice(i, i + 4), 16);
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}
