import iconv from 'iconv-lite';
import type { DocumentMetadata } from '../../model/entities.js';
import { fileTimeToIso, isoUtc } from './dates.js';

/**
 * OLE property sets ([MS-OLEPS]): the `\x05SummaryInformation` and
 * `\x05DocumentSummaryInformation` streams of doc/xls/ppt/msg files. Every offset is checked
 * against the stream length, so a malformed stream yields fewer fields, never a crash.
 */
export type PropValue = string | number | boolean | undefined;
export interface PropertySet {
  fmtid: string;
  codepage: number;
  props: Map<number, PropValue>;
  /** Property id → name (user-defined section's dictionary, id 0). */
  names: Map<number, string>;
}

const FMTID_SUMMARY = 'f29f85e0-4ff9-1068-ab91-08002b27b3d9';
const FMTID_DOCSUMMARY = 'd5cdd502-2e9c-101b-9397-08002b2cf9ae';
const FMTID_USER = 'd5cdd505-2e9c-101b-9397-08002b2cf9ae';

function guid(b: Buffer, o: number): string {
  const h = (s: number, e: number) => b.subarray(o + s, o + e).toString('hex');
  const le = (s: number, e: number) =>
    Buffer.from(b.subarray(o + s, o + e))
      .reverse()
      .toString('hex');
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${h(8, 10)}-${h(10, 16)}`;
}

/** Parses every section of a property-set stream. */
export function parsePropertySets(b: Buffer): PropertySet[] {
  if (b.length < 48 || b.readUInt16LE(0) !== 0xfffe) return [];
  const n = Math.min(b.readUInt32LE(24), 4);
  const out: PropertySet[] = [];
  for (let i = 0; i < n; i++) {
    const at = 28 + i * 20;
    if (at + 20 > b.length) break;
    const off = b.readUInt32LE(at + 16);
    if (off + 8 > b.length) continue;
    out.push(parseSection(b, guid(b, at), off));
  }
  return out;
}

function parseSection(b: Buffer, fmtid: string, base: number): PropertySet {
  const count = Math.min(b.readUInt32LE(base + 4), 4096);
  const entries: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const at = base + 8 + i * 8;
    if (at + 8 > b.length) break;
    entries.push([b.readUInt32LE(at), base + b.readUInt32LE(at + 4)]);
  }
  const cpEntry = entries.find(([id]) => id === 1);
  const codepage = cpEntry && cpEntry[1] + 6 <= b.length ? b.readUInt16LE(cpEntry[1] + 4) : 1252;
  const set: PropertySet = { fmtid, codepage, props: new Map(), names: new Map() };
  for (const [id, off] of entries) {
    if (off + 4 > b.length) continue;
    if (id === 0) readDictionary(b, off, codepage, set.names);
    else set.props.set(id, readValue(b, off, codepage));
  }
  return set;
}

/** Text in the section's code page; code page 1200 means UTF-16LE ([MS-OLEPS] §2.5). */
function decodeText(bytes: Buffer, codepage: number): string {
  const cp = codepage === 1200 ? 'utf16le' : codepage === 65001 ? 'utf8' : `cp${codepage}`;
  const enc = iconv.encodingExists(cp) ? cp : 'cp1252';
  return iconv.decode(bytes, enc).replace(/\0+$/, '').replace(/\0/g, '');
}

function readValue(b: Buffer, off: number, codepage: number): PropValue {
  const type = b.readUInt16LE(off);
  const v = off + 4;
  const has = (n: number) => v + n <= b.length;
  switch (type) {
    case 0x02:
      return has(2) ? b.readInt16LE(v) : undefined; // VT_I2
    case 0x03:
    case 0x16:
      return has(4) ? b.readInt32LE(v) : undefined; // VT_I4, VT_INT
    case 0x12:
      return has(2) ? b.readUInt16LE(v) : undefined; // VT_UI2
    case 0x13:
    case 0x17:
      return has(4) ? b.readUInt32LE(v) : undefined; // VT_UI4, VT_UINT
    case 0x05:
      return has(8) ? b.readDoubleLE(v) : undefined; // VT_R8
    case 0x0b:
      return has(2) ? b.readUInt16LE(v) !== 0 : undefined; // VT_BOOL
    case 0x07: // VT_DATE: days since 1899-12-30
      return has(8) ? isoUtc(new Date(Date.UTC(1899, 11, 30) + b.readDoubleLE(v) * 86400000)) : undefined;
    case 0x1e:
    case 0x1f: {
      // VT_LPSTR (code page), VT_LPWSTR (UTF-16)
      if (!has(4)) return undefined;
      const len = b.readUInt32LE(v) * (type === 0x1f ? 2 : 1);
      if (len > 1 << 20 || !has(4 + len)) return undefined;
      return decodeText(b.subarray(v + 4, v + 4 + len), type === 0x1f ? 1200 : codepage);
    }
    case 0x40: // VT_FILETIME: a date, or a duration for PIDSI_EDITTIME
      return has(8) ? `FILETIME:${b.readUInt32LE(v)}:${b.readUInt32LE(v + 4)}` : undefined;
    default:
      return undefined;
  }
}

function readDictionary(b: Buffer, off: number, codepage: number, names: Map<number, string>): void {
  const n = Math.min(b.readUInt32LE(off), 4096);
  let p = off + 4;
  for (let i = 0; i < n && p + 8 <= b.length; i++) {
    const id = b.readUInt32LE(p);
    const chars = b.readUInt32LE(p + 4);
    const bytes = codepage === 1200 ? chars * 2 : chars;
    if (p + 8 + bytes > b.length) break;
    names.set(id, decodeText(b.subarray(p + 8, p + 8 + bytes), codepage));
    p += 8 + bytes;
    if (codepage === 1200) p += (4 - (bytes % 4)) % 4; // UTF-16 entries are 4-byte aligned
  }
}

const str = (v: PropValue) => (typeof v === 'string' ? v : undefined);
const num = (v: PropValue) => (typeof v === 'number' ? v : undefined);
function date(v: PropValue): string | undefined {
  const m = typeof v === 'string' ? /^FILETIME:(\d+):(\d+)$/.exec(v) : null;
  return m ? fileTimeToIso(Number(m[1]), Number(m[2])) : undefined;
}
/** PIDSI_EDITTIME is a FILETIME holding a duration in 100 ns units. */
function seconds(v: PropValue): number | undefined {
  const m = typeof v === 'string' ? /^FILETIME:(\d+):(\d+)$/.exec(v) : null;
  return m ? Math.round((Number(m[2]) * 2 ** 32 + Number(m[1])) / 1e7) : undefined;
}
const plain = (v: PropValue) => (typeof v === 'string' && v.startsWith('FILETIME:') ? date(v) : v);

/** SummaryInformation + DocumentSummaryInformation mapped onto the field dictionary. */
export function oleMetadata(summary?: Buffer, docSummary?: Buffer): DocumentMetadata {
  const sets = [
    ...(summary ? parsePropertySets(summary) : []),
    ...(docSummary ? parsePropertySets(docSummary) : []),
  ];
  const s = sets.find((x) => x.fmtid === FMTID_SUMMARY)?.props ?? new Map<number, PropValue>();
  const d = sets.find((x) => x.fmtid === FMTID_DOCSUMMARY)?.props ?? new Map<number, PropValue>();
  const user = sets.find((x) => x.fmtid === FMTID_USER);
  const custom: Record<string, string | number | boolean> = {};
  for (const [id, v] of user?.props ?? []) {
    const name = user?.names.get(id);
    const val = plain(v);
    if (name && val !== undefined) custom[name] = val;
  }
  const security = num(s.get(19));
  return {
    title: str(s.get(2)),
    subject: str(s.get(3)),
    author: str(s.get(4)),
    keywords: str(s.get(5)),
    description: str(s.get(6)),
    template: str(s.get(7)),
    lastModifiedBy: str(s.get(8)),
    revision: str(s.get(9)),
    totalEditingTime: seconds(s.get(10)),
    printed: date(s.get(11)),
    created: date(s.get(12)),
    modified: date(s.get(13)),
    pages: num(s.get(14)),
    words: num(s.get(15)),
    characters: num(s.get(16)),
    application: str(s.get(18)),
    encrypted: security !== undefined && (security & 1) === 1 ? true : undefined,
    category: str(d.get(2)),
    manager: str(d.get(14)),
    company: str(d.get(15)),
    codepage: sets[0]?.codepage,
    custom,
  };
}
