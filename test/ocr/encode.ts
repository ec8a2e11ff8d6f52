import { createCanvas, loadImage } from '@napi-rs/canvas';

/** RGBA pixels of an encoded PNG/JPEG, through @napi-rs/canvas. */
export async function pixels(
  encoded: Uint8Array,
): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const img = await loadImage(Buffer.from(encoded));
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { data: ctx.getImageData(0, 0, img.width, img.height).data, width: img.width, height: img.height };
}

/** Re-encodes as GIF or WebP (canvas encoders). */
export async function reencode(encoded: Uint8Array, format: 'gif' | 'webp'): Promise<Uint8Array> {
  const img = await loadImage(Buffer.from(encoded));
  const c = createCanvas(img.width, img.height);
  c.getContext('2d').drawImage(img, 0, 0);
  return new Uint8Array(await (c as unknown as { encode(f: string): Promise<Buffer> }).encode(format));
}

/** An uncompressed 24-bit BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes). */
export async function toBmp(encoded: Uint8Array): Promise<Uint8Array> {
  const { data, width, height } = await pixels(encoded);
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * height);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const s = ((height - 1 - y) * width + x) * 4;
      const d = 54 + y * row + x * 3;
      out[d] = data[s + 2] ?? 0;
      out[d + 1] = data[s + 1] ?? 0;
      out[d + 2] = data[s] ?? 0;
    }
  return out;
}

/** An uncompressed 8-bit greyscale TIFF (baseline TIFF 6.0, one strip, little-endian). */
export async function toTiff(encoded: Uint8Array): Promise<Uint8Array> {
  const { data, width, height } = await pixels(encoded);
  const tags: [number, number, number][] = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0],
    [277, 3, 1],
    [278, 4, height],
    [279, 4, width * height],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataOff = 8 + ifdSize;
  const out = Buffer.alloc(dataOff + width * height);
  out.write('II*\0', 0, 'binary');
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const o = 10 + i * 12;
    out.writeUInt16LE(tag, o);
    out.writeUInt16LE(type, o + 2);
    out.writeUInt32LE(1, o + 4);
    if (type === 3) out.writeUInt16LE(value, o + 8);
    else out.writeUInt32LE(tag === 273 ? dataOff : value, o + 8);
  });
  for (let i = 0; i < width * height; i++) {
    const s = i * 4;
    out[dataOff + i] = Math.round(((data[s] ?? 0) + (data[s + 1] ?? 0) + (data[s + 2] ?? 0)) / 3);
  }
  return out;
}
