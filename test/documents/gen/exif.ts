/**
 * A small EXIF writer (CIPA DC-008 / TIFF 6.0): builds a JPEG holding an APP1 Exif segment with
 * IFD0, the Exif sub-IFD and the GPS sub-IFD, so that tests know every value they read back.
 */
export interface ExifSpec {
  make?: string;
  model?: string;
  software?: string;
  artist?: string;
  dateTime?: string; // 'YYYY:MM:DD HH:MM:SS'
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string; // '+03:00'
  gps?: { lat: number; lon: number; alt?: number };
}

type Entry = { tag: number; type: number; count: number; data: Buffer };
const ASCII = 2;
const LONG = 4;
const RATIONAL = 5;
const BYTE = 1;

const ascii = (tag: number, s: string): Entry => {
  const data = Buffer.from(`${s}\0`, 'utf8');
  return { tag, type: ASCII, count: data.length, data };
};
function rationals(tag: number, values: [number, number][]): Entry {
  const data = Buffer.alloc(values.length * 8);
  values.forEach(([n, d], i) => {
    data.writeUInt32LE(n, i * 8);
    data.writeUInt32LE(d, i * 8 + 4);
  });
  return { tag, type: RATIONAL, count: values.length, data };
}
const dms = (v: number): [number, number][] => {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 1000);
  return [
    [d, 1],
    [m, 1],
    [s, 1000],
  ];
};

/** Serialises one IFD at `offset` (TIFF-relative); values over 4 bytes go after it. */
function ifd(entries: Entry[], offset: number, next = 0): Buffer {
  entries.sort((a, b) => a.tag - b.tag);
  const head = 2 + entries.length * 12 + 4;
  const extra: Buffer[] = [];
  let extraAt = offset + head;
  const dir = Buffer.alloc(head);
  dir.writeUInt16LE(entries.length, 0);
  entries.forEach((e, i) => {
    const at = 2 + i * 12;
    dir.writeUInt16LE(e.tag, at);
    dir.writeUInt16LE(e.type, at + 2);
    dir.writeUInt32LE(e.count, at + 4);
    if (e.data.length <= 4) e.data.copy(dir, at + 8);
    else {
      dir.writeUInt32LE(extraAt, at + 8);
      const padded = e.data.length % 2 ? Buffer.concat([e.data, Buffer.alloc(1)]) : e.data;
      extra.push(padded);
      extraAt += padded.length;
    }
  });
  dir.writeUInt32LE(next, head - 4);
  return Buffer.concat([dir, ...extra]);
}

const long = (tag: number, v: number): Entry => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(v);
  return { tag, type: LONG, count: 1, data };
};

/** The TIFF structure (little-endian) of an Exif APP1 payload. */
export function makeTiff(spec: ExifSpec): Buffer {
  const exif: Entry[] = [];
  if (spec.dateTimeOriginal)
    exif.push(ascii(0x9003, spec.dateTimeOriginal), ascii(0x9004, spec.dateTimeOriginal));
  if (spec.offsetTimeOriginal) exif.push(ascii(0x9011, spec.offsetTimeOriginal));
  const gps: Entry[] = [];
  if (spec.gps) {
    gps.push(ascii(1, spec.gps.lat >= 0 ? 'N' : 'S'), rationals(2, dms(spec.gps.lat)));
    gps.push(ascii(3, spec.gps.lon >= 0 ? 'E' : 'W'), rationals(4, dms(spec.gps.lon)));
    if (spec.gps.alt !== undefined) {
      gps.push(
        { tag: 5, type: BYTE, count: 1, data: Buffer.from([0]) },
        rationals(6, [[Math.round(spec.gps.alt * 10), 10]]),
      );
    }
  }
  const ifd0: Entry[] = [];
  if (spec.make) ifd0.push(ascii(0x010f, spec.make));
  if (spec.model) ifd0.push(ascii(0x0110, spec.model));
  if (spec.software) ifd0.push(ascii(0x0131, spec.software));
  if (spec.dateTime) ifd0.push(ascii(0x0132, spec.dateTime));
  if (spec.artist) ifd0.push(ascii(0x013b, spec.artist));
  // Sizes first with placeholder pointers, then the real layout.
  const withPtrs = (e: number, g: number) => [
    ...ifd0,
    ...(exif.length ? [long(0x8769, e)] : []),
    ...(gps.length ? [long(0x8825, g)] : []),
  ];
  const size0 = ifd(withPtrs(0, 0), 8).length;
  const exifAt = 8 + size0;
  const exifBuf = exif.length ? ifd(exif, exifAt) : Buffer.alloc(0);
  const gpsAt = exifAt + exifBuf.length;
  const gpsBuf = gps.length ? ifd(gps, gpsAt) : Buffer.alloc(0);
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  return Buffer.concat([header, ifd(withPtrs(exifAt, gpsAt), 8), exifBuf, gpsBuf]);
}

/** A JPEG: SOI, APP1 Exif, a comment, EOI (no image data: readers need only the segments). */
export function makeJpeg(spec: ExifSpec): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), makeTiff(spec)]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, payload, Buffer.from([0xff, 0xd9])]);
}
