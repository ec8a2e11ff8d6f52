/**
 * JPEG photos with the EXIF a phone leaves (CIPA DC-008 / Exif 2.31): make, model, software,
 * capture times with their UTC offset (OffsetTime, Exif 2.31) and GPS position. The image itself is
 * one fixed 64×48 baseline JPEG (made once with Pillow, shipped below); only the EXIF varies.
 */
const BASE_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAwAEADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwC9RRRXqHCFFFFABWnY6Hc3irI5EMTDIZuSR7D/APVWZXdwtG0KNFjyyoKYGBjHHFeVmeLqYeEfZ7vqdOHpRqN83Q5u78PXMC74GE6gcgDDfl3rIrvq4a6aNrqZoseWXYpgYGM8cVGWYyriOaNTp1HiKUadnEiq9/Z3/TX/AMd/+vVGtut8dXqUuXkdr3/QWHpxnfmRS/s7/pr/AOO//Xo/s7/pr/47/wDXq7RXm/XsR/N+C/yOr6vT7FL+zv8Apr/47/8AXq3Zvd2OBFc5T/nm65X+fHXtTqKieKq1I8s3dei/yKjRhF3SFu7i8vF2NcCNCMFY1wD9ec1iuuyRlznaSM1s1kT/AOvk/wB4/wA678tm7uPT0RzYqKSTI626xK0f7Qi/uv8AkP8AGtMwpTqcvIr7/oThpxje7LVFVf7Qi/uv+Q/xo/tCL+6/5D/GvM+q1/5Tr9tT7lqiqv8AaEX91/yH+NH9oRf3X/If40fVa/8AKHtqfctVkT/6+T/eP86u/wBoRf3X/If41QkYPIzDoSTXo4CjUpybkrHNiZxklZn/2Q==',
  'base64',
);

export interface PhotoMeta {
  make: string;
  model: string;
  software: string;
  /** Local capture time 'YYYY:MM:DD HH:MM:SS' and its offset '+02:00'. */
  dateTime: string;
  offset: string;
  artist: string;
  gps: { lat: number; lon: number } | null;
}

type Entry = { tag: number; type: 2 | 3 | 4 | 5; count: number; value: Buffer | number };

const ascii = (tag: number, s: string): Entry => {
  const b = Buffer.from(`${s}\0`, 'latin1');
  return { tag, type: 2, count: b.length, value: b };
};
const rationals = (tag: number, parts: [number, number][]): Entry => {
  const b = Buffer.alloc(parts.length * 8);
  parts.forEach(([n, d], i) => {
    b.writeUInt32LE(n, i * 8);
    b.writeUInt32LE(d, i * 8 + 4);
  });
  return { tag, type: 5, count: parts.length, value: b };
};
const long = (tag: number, n: number): Entry => ({ tag, type: 4, count: 1, value: n });
const short = (tag: number, n: number): Entry => ({ tag, type: 3, count: 1, value: n });

/** Serialises one IFD at `offset` (TIFF 6.0 §2: 12-byte entries, values over 4 bytes stored after it). */
function ifd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const head = Buffer.alloc(2 + sorted.length * 12 + 4);
  head.writeUInt16LE(sorted.length, 0);
  const extra: Buffer[] = [];
  let extraAt = offset + head.length;
  sorted.forEach((e, i) => {
    const p = 2 + i * 12;
    head.writeUInt16LE(e.tag, p);
    head.writeUInt16LE(e.type, p + 2);
    head.writeUInt32LE(e.count, p + 4);
    if (typeof e.value === 'number') {
      if (e.type === 3) head.writeUInt16LE(e.value, p + 8);
      else head.writeUInt32LE(e.value, p + 8);
    } else if (e.value.length <= 4) {
      e.value.copy(head, p + 8);
    } else {
      head.writeUInt32LE(extraAt, p + 8);
      const padded = e.value.length % 2 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
      extra.push(padded);
      extraAt += padded.length;
    }
  });
  return Buffer.concat([head, ...extra]);
}

function dms(deg: number): [number, number][] {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 100);
  return [
    [d, 1],
    [m, 1],
    [s, 100],
  ];
}

/** The EXIF APP1 payload ("Exif\0\0" + little-endian TIFF). IFD sizes are computed in two passes. */
function exifPayload(m: PhotoMeta): Buffer {
  const exifEntries: Entry[] = [
    ascii(0x9003, m.dateTime),
    ascii(0x9004, m.dateTime),
    ascii(0x9010, m.offset),
    ascii(0x9011, m.offset),
  ];
  const gpsEntries: Entry[] = m.gps
    ? [
        ascii(0x0001, m.gps.lat >= 0 ? 'N' : 'S'),
        rationals(0x0002, dms(m.gps.lat)),
        ascii(0x0003, m.gps.lon >= 0 ? 'E' : 'W'),
        rationals(0x0004, dms(m.gps.lon)),
      ]
    : [];
  const ifd0 = (exifAt: number, gpsAt: number): Entry[] => [
    ascii(0x010f, m.make),
    ascii(0x0110, m.model),
    short(0x0112, 1),
    ascii(0x0131, m.software),
    ascii(0x0132, m.dateTime),
    ascii(0x013b, m.artist),
    long(0x8769, exifAt),
    ...(m.gps ? [long(0x8825, gpsAt)] : []),
  ];
  const first = ifd(ifd0(0, 0), 8);
  const exifAt = 8 + first.length;
  const exif = ifd(exifEntries, exifAt);
  const gpsAt = exifAt + exif.length;
  const gps = m.gps ? ifd(gpsEntries, gpsAt) : Buffer.alloc(0);
  const tiffHead = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffHead, ifd(ifd0(exifAt, gpsAt), 8), exif, gps]);
}

/**
 * A JPEG with an EXIF APP1 segment placed right after SOI, where cameras put it.
 * @example writeJpeg({ make: 'Apple', model: 'iPhone 6s', software: '10.2.1', dateTime: '2017:03:02 18:04:11', offset: '+01:00', artist: '', gps: null })
 */
export function writeJpeg(m: PhotoMeta): Uint8Array {
  const payload = exifPayload(m);
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xffe1, 0);
  seg.writeUInt16BE(payload.length + 2, 2);
  // Drop the JFIF APP0 (SOI + APP0 of 18 bytes): camera files start SOI, APP1 Exif.
  const app0Len = BASE_JPEG.readUInt16BE(4);
  return Buffer.concat([BASE_JPEG.subarray(0, 2), seg, payload, BASE_JPEG.subarray(4 + app0Len)]);
}
