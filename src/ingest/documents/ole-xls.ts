import iconv from 'iconv-lite';

/**
 * Excel 97–2003 workbooks ([MS-XLS] BIFF8): sheet names (BoundSheet8, §2.4.28), the shared
 * string table (SST §2.4.265, continued across CONTINUE records §2.4.58, where each continued
 * string restarts with a fresh flags byte), and the FILEPASS record that marks encryption.
 */
export interface XlsInfo {
  encrypted: boolean;
  sheets: string[];
  strings: string[];
  codepage?: number;
}

const BOUNDSHEET = 0x0085;
const SST = 0x00fc;
const CONTINUE = 0x003c;
const FILEPASS = 0x002f;
const CODEPAGE = 0x0042;

export function readXls(wb: Buffer): XlsInfo {
  const info: XlsInfo = { encrypted: false, sheets: [], strings: [] };
  let p = 0;
  let sst: Buffer[] | null = null;
  while (p + 4 <= wb.length) {
    const type = wb.readUInt16LE(p);
    const len = wb.readUInt16LE(p + 2);
    const data = wb.subarray(p + 4, p + 4 + len);
    p += 4 + len;
    if (type === FILEPASS) info.encrypted = true;
    else if (type === CODEPAGE && len >= 2) info.codepage = data.readUInt16LE(0);
    else if (type === BOUNDSHEET && len >= 8) info.sheets.push(shortString(data, 6));
    if (type === SST) sst = [data];
    else if (type === CONTINUE && sst) sst.push(data);
    else if (sst && type !== SST) {
      if (!info.encrypted) info.strings = readSst(sst);
      sst = null;
    }
  }
  return info;
}

/** ShortXLUnicodeString: cch (1 byte), flags (bit 0: UTF-16), characters. */
function shortString(b: Buffer, at: number): string {
  const cch = b[at] ?? 0;
  const wide = ((b[at + 1] ?? 0) & 1) === 1;
  const s = at + 2;
  return wide
    ? b.subarray(s, s + cch * 2).toString('utf16le')
    : iconv.decode(b.subarray(s, s + cch), 'latin1');
}

/** Reads across record segments; `chars` handles the flags byte that restarts each segment. */
class SegReader {
  seg = 0;
  pos = 0;
  constructor(private segs: Buffer[]) {}
  private cur(): Buffer | undefined {
    while (this.seg < this.segs.length && this.pos >= (this.segs[this.seg]?.length ?? 0)) {
      this.seg++;
      this.pos = 0;
    }
    return this.segs[this.seg];
  }
  done(): boolean {
    return this.cur() === undefined;
  }
  u8(): number {
    const b = this.cur();
    return b ? (b[this.pos++] ?? 0) : 0;
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  skip(n: number): void {
    for (let left = n; left > 0 && !this.done(); ) {
      const b = this.cur()!;
      const k = Math.min(left, b.length - this.pos);
      this.pos += k;
      left -= k;
    }
  }
  chars(cch: number, wideAtStart: boolean): string {
    let wide = wideAtStart;
    let out = '';
    let left = cch;
    while (left > 0 && !this.done()) {
      const b = this.cur()!;
      if (this.pos === 0 && out.length > 0) wide = (this.u8() & 1) === 1; // continued string
      const avail = Math.floor((b.length - this.pos) / (wide ? 2 : 1));
      const k = Math.min(left, avail);
      const bytes = b.subarray(this.pos, this.pos + k * (wide ? 2 : 1));
      out += wide ? bytes.toString('utf16le') : iconv.decode(bytes, 'latin1');
      this.pos += bytes.length;
      left -= k;
      if (k === 0) this.pos = b.length;
    }
    return out;
  }
}

function readSst(segs: Buffer[]): string[] {
  const r = new SegReader(segs);
  r.u32();
  const unique = Math.min(r.u32(), 1_000_000);
  const out: string[] = [];
  for (let i = 0; i < unique && !r.done(); i++) {
    const cch = r.u16();
    const flags = r.u8();
    const runs = flags & 0x08 ? r.u16() : 0;
    const ext = flags & 0x04 ? r.u32() : 0;
    out.push(r.chars(cch, (flags & 1) === 1));
    r.skip(runs * 4 + ext);
  }
  return out;
}
