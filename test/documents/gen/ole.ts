import CFB from 'cfb';
import iconv from 'iconv-lite';

/**
 * Writers for legacy Office test files: OLE property sets ([MS-OLEPS]) in the code page a Windows
 * of that locale would use, a minimal Word 97 WordDocument stream (FIB + piece table + SttbSavedBy)
 * and a minimal BIFF8 Workbook, packed into a compound file with `cfb`.
 */
export interface OleSpec {
  codepage?: number;
  title?: string;
  author?: string;
  lastModifiedBy?: string;
  application?: string;
  company?: string;
  created?: Date;
  modified?: Date;
  editMinutes?: number;
  custom?: Record<string, string>;
  /** Word install language (FIB.lid), e.g. 0x0419 ru-RU. */
  lid?: number;
  text?: string;
  savedBy?: { author: string; path: string }[];
  encrypted?: boolean;
}

function guidBytes(g: string): Buffer {
  const h = g.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  return Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
}
const pad4 = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

type Prop = [number, Buffer];
const lpstr = (s: string, cp: number): Buffer => {
  const bytes =
    cp === 1200
      ? Buffer.from(`${s}\0`, 'utf16le')
      : Buffer.concat([iconv.encode(s, `cp${cp}`), Buffer.alloc(1)]);
  return pad4(Buffer.concat([u16(0x1e), u16(0), u32(bytes.length), bytes]));
};
const filetime = (ms: number): Buffer => {
  const v = BigInt(Math.round(ms)) * 10000n;
  const b = Buffer.alloc(12);
  b.writeUInt16LE(0x40, 0);
  b.writeBigUInt64LE(v, 4);
  return b;
};
const fileDate = (d: Date) => filetime(d.getTime() + 11644473600000);

function section(props: Prop[], cp: number, dict?: Map<number, string>): Buffer {
  const all: Prop[] = [[1, pad4(Buffer.concat([u16(0x02), u16(0), u16(cp)]))], ...props];
  if (dict) {
    const entries = [...dict].map(([id, name]) => {
      const n = Buffer.concat([iconv.encode(name, `cp${cp}`), Buffer.alloc(1)]);
      return Buffer.concat([u32(id), u32(n.length), n]);
    });
    all.unshift([0, pad4(Buffer.concat([u32(dict.size), ...entries]))]);
  }
  const head = 8 + all.length * 8;
  let off = head;
  const index: Buffer[] = [];
  for (const [id, v] of all) {
    index.push(u32(id), u32(off));
    off += v.length;
  }
  return Buffer.concat([u32(off), u32(all.length), ...index, ...all.map((p) => p[1])]);
}

function propertySetStream(sections: [string, Buffer][]): Buffer {
  const head = 28 + sections.length * 20;
  let off = head;
  const idx: Buffer[] = [];
  for (const [fmtid, s] of sections) {
    idx.push(guidBytes(fmtid), u32(off));
    off += s.length;
  }
  return Buffer.concat([
    u16(0xfffe),
    u16(0),
    u32(0x00020006),
    Buffer.alloc(16),
    u32(sections.length),
    ...idx,
    ...sections.map((s) => s[1]),
  ]);
}

export function summaryStreams(s: OleSpec): { summary: Buffer; docSummary: Buffer } {
  const cp = s.codepage ?? 1252;
  const p: Prop[] = [];
  if (s.title) p.push([2, lpstr(s.title, cp)]);
  if (s.author) p.push([4, lpstr(s.author, cp)]);
  if (s.lastModifiedBy) p.push([8, lpstr(s.lastModifiedBy, cp)]);
  if (s.editMinutes !== undefined) p.push([10, filetime(s.editMinutes * 60000)]);
  if (s.created) p.push([12, fileDate(s.created)]);
  if (s.modified) p.push([13, fileDate(s.modified)]);
  if (s.application) p.push([18, lpstr(s.application, cp)]);
  const d: Prop[] = s.company ? [[15, lpstr(s.company, cp)]] : [];
  const sections: [string, Buffer][] = [['D5CDD502-2E9C-101B-9397-08002B2CF9AE', section(d, cp)]];
  if (s.custom) {
    const dict = new Map<number, string>();
    const cprops: Prop[] = Object.entries(s.custom).map(([k, v], i) => {
      dict.set(i + 2, k);
      return [i + 2, lpstr(v, cp)];
    });
    sections.push(['D5CDD505-2E9C-101B-9397-08002B2CF9AE', section(cprops, cp, dict)]);
  }
  return {
    summary: propertySetStream([['F29F85E0-4FF9-1068-AB91-08002B27B3D9', section(p, cp)]]),
    docSummary: propertySetStream(sections),
  };
}

function wordStreams(s: OleSpec): { word: Buffer; table: Buffer } {
  const text = `${s.text ?? ''}\r`;
  const word = Buffer.alloc(1024 + text.length * 2);
  word.writeUInt16LE(0xa5ec, 0);
  word.writeUInt16LE(0x00c1, 2);
  word.writeUInt16LE(s.lid ?? 0x0409, 6);
  word.writeUInt16LE(0x0200 | (s.encrypted ? 0x0100 : 0), 0x0a);
  word.writeUInt16LE(14, 32);
  word.writeUInt16LE(22, 62);
  word.writeUInt32LE(text.length, 64 + 3 * 4); // ccpText
  word.writeUInt16LE(93, 152);
  word.write(text, 1024, 'utf16le');
  const plc = Buffer.concat([u32(0), u32(text.length), u16(0), u32(1024), u16(0)]);
  const clx = Buffer.concat([Buffer.from([0x02]), u32(plc.length), plc]);
  const strs = (s.savedBy ?? []).flatMap((e) => [e.author, e.path]);
  const sttb = Buffer.concat([
    u16(0xffff),
    u16(strs.length),
    u16(0),
    ...strs.map((x) => Buffer.concat([u16(x.length), Buffer.from(x, 'utf16le')])),
  ]);
  const rg = (i: number, fc: number, lcb: number) => {
    word.writeUInt32LE(fc, 154 + i * 8);
    word.writeUInt32LE(lcb, 154 + i * 8 + 4);
  };
  rg(33, 0, clx.length);
  if (strs.length) rg(71, clx.length, sttb.length);
  return { word, table: Buffer.concat([clx, strs.length ? sttb : Buffer.alloc(0)]) };
}

function pack(streams: Record<string, Buffer>): Buffer {
  const cfb = CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(cfb, `/${name}`, data);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

export function makeDoc(s: OleSpec): Buffer {
  const { summary, docSummary } = summaryStreams(s);
  const { word, table } = wordStreams(s);
  return pack({
    WordDocument: word,
    '1Table': table,
    '\u0005SummaryInformation': summary,
    '\u0005DocumentSummaryInformation': docSummary,
  });
}

const rec = (type: number, body: Buffer) => Buffer.concat([u16(type), u16(body.length), body]);
const xlStr = (s: string) => Buffer.concat([u16(s.length), Buffer.from([1]), Buffer.from(s, 'utf16le')]);

export function makeXls(s: OleSpec, sheets: string[], strings: string[]): Buffer {
  const { summary, docSummary } = summaryStreams(s);
  const parts = [rec(0x0809, Buffer.concat([u16(0x0600), u16(0x0005), Buffer.alloc(12)]))];
  if (s.encrypted) parts.push(rec(0x002f, Buffer.alloc(54)));
  parts.push(rec(0x0042, u16(s.codepage ?? 1200)));
  for (const name of sheets)
    parts.push(
      rec(0x0085, Buffer.concat([u32(0), Buffer.from([0, 0, name.length, 1]), Buffer.from(name, 'utf16le')])),
    );
  parts.push(rec(0x00fc, Buffer.concat([u32(strings.length), u32(strings.length), ...strings.map(xlStr)])));
  parts.push(rec(0x000a, Buffer.alloc(0)));
  return pack({
    Workbook: Buffer.concat(parts),
    '\u0005SummaryInformation': summary,
    '\u0005DocumentSummaryInformation': docSummary,
  });
}
