import exifr from 'exifr';
import type { DocumentMetadata } from '../../model/entities.js';
import {
  type Candidate,
  IngestError,
  type IngestInput,
  type IngestOutput,
  type Ingestor,
} from '../ingestor.js';
import { deriveOffset, exifDate, normIso, offsetOf } from './dates.js';
import { compact, documentOutput, hasMagic } from './record.js';

const KINDS: [number[], number, string][] = [
  [[0xff, 0xd8, 0xff], 0, 'image/jpeg'],
  [[0x49, 0x49, 0x2a, 0x00], 0, 'image/tiff'],
  [[0x4d, 0x4d, 0x00, 0x2a], 0, 'image/tiff'],
  [[0x89, 0x50, 0x4e, 0x47], 0, 'image/png'],
  [[0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63], 4, 'image/heic'],
];

/**
 * Photos and scans: EXIF (CIPA DC-008), GPS, XMP and IPTC through exifr. Dates stay as the camera
 * wrote them (local wall-clock time) unless EXIF 2.31's OffsetTime* gives the zone; the GPS clock
 * (always UTC) against DateTimeOriginal gives the offset when OffsetTime* is absent.
 */
export const imageIngestor: Ingestor = {
  name: 'image',
  mimeTypes: ['image/jpeg', 'image/tiff', 'image/png', 'image/heic'],
  extensions: ['jpg', 'jpeg', 'tif', 'tiff', 'png', 'heic'],
  score: (c: Candidate) => (KINDS.some(([sig, off]) => hasMagic(c.head, sig, off)) ? 60 : 0),
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const mime = KINDS.find(([sig, off]) => hasMagic(input.data, sig, off))?.[2] ?? 'image/jpeg';
    let tags: Record<string, unknown> | undefined;
    try {
      tags = await exifr.parse(input.data, OPTIONS);
    } catch (err) {
      const partial = documentOutput(input, mime, {}, '', [`EXIF unreadable: ${(err as Error).message}`]);
      throw new IngestError('corrupt', `${input.name}: malformed EXIF (${(err as Error).message})`, partial);
    }
    const out = documentOutput(input, mime, imageFields(tags ?? {}), '');
    const bad = badExifOffset(input.data);
    if (bad) {
      out.document.warnings = [bad];
      throw new IngestError('corrupt', `${input.name}: ${bad}`, { ...out, warnings: [bad] });
    }
    return out;
  },
};

const OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: true,
  iptc: true,
  icc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  reviveValues: false,
  translateValues: false,
  mergeOutput: true,
  silentErrors: true,
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const first = (v: unknown) => (Array.isArray(v) ? str(v[0]) : str(v));

/** exifr's merged tag object mapped onto the field dictionary. */
export function imageFields(t: Record<string, unknown>): DocumentMetadata {
  const tz = str(t.OffsetTimeOriginal) ?? str(t.OffsetTime);
  const withZone = (d: string | undefined) => (d && tz ? normIso(`${d}${tz}`) : d);
  const createdLocal = exifDate(str(t.DateTimeOriginal) ?? str(t.CreateDate));
  const created = withZone(createdLocal) ?? normIso(str(t.CreateDate));
  const modified = withZone(exifDate(str(t.ModifyDate))) ?? normIso(str(t.ModifyDate));
  const lat = t.latitude;
  const lon = t.longitude;
  const alt = typeof t.GPSAltitude === 'number' ? t.GPSAltitude : undefined;
  return compact({
    title: first(t.title) ?? str(t.ImageDescription) ?? str(t.ObjectName),
    description: first(t.description) ?? str(t.Caption),
    author: str(t.Artist) ?? first(t.creator) ?? str(t.Byline),
    created,
    modified,
    software: str(t.Software) ?? str(t.CreatorTool),
    camera: compact({ make: str(t.Make), model: str(t.Model) }) as DocumentMetadata['camera'],
    gps:
      typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon)
        ? { lat: round(lat), lon: round(lon), ...(alt !== undefined ? { alt } : {}) }
        : undefined,
    timezoneOffset: offsetOf(created) ?? deriveOffset(createdLocal, gpsUtc(t)),
    copyright: str(t.Copyright),
  });
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** GPSDateStamp `YYYY:MM:DD` + GPSTimeStamp [h, m, s] (UTC by definition, EXIF 2.3 §4.6.6). */
function gpsUtc(t: Record<string, unknown>): string | undefined {
  const d = str(t.GPSDateStamp);
  const time = t.GPSTimeStamp;
  if (!d || !Array.isArray(time) || time.length < 3) return undefined;
  const [h, m, s] = time.map((x) => Math.floor(Number(x)));
  const p = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${d.replace(/:/g, '-')}T${p(h)}:${p(m)}:${p(s)}Z`;
}

/**
 * exifr skips an IFD whose offset points outside the data and returns nothing, silently; a reader
 * must know the metadata was there but unreadable. Checks the TIFF header of a JPEG's Exif APP1
 * segment (TIFF 6.0 §2: byte order, 42, IFD0 offset) against the segment's length.
 */
export function badExifOffset(b: Buffer): string | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let p = 2;
  while (p + 4 <= b.length && b[p] === 0xff) {
    const marker = b[p + 1] ?? 0;
    const len = b.readUInt16BE(p + 2);
    if (marker === 0xe1 && b.toString('latin1', p + 4, p + 10) === 'Exif\0\0') {
      const t = p + 10;
      const size = len - 8;
      if (t + 8 > b.length) return 'EXIF segment truncated';
      const le = b[t] === 0x49;
      const ifd0 = le ? b.readUInt32LE(t + 4) : b.readUInt32BE(t + 4);
      if (ifd0 < 8 || ifd0 + 2 > size)
        return `EXIF IFD0 offset ${ifd0} outside its ${size}-byte segment: metadata unreadable`;
      return undefined;
    }
    if (marker === 0xda) return undefined;
    p += 2 + len;
  }
  return undefined;
}
