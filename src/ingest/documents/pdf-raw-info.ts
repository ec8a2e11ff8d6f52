/**
 * The Info dictionary (ISO 32000-1 §14.3.3) and XMP packet read straight from the bytes, for an
 * encrypted PDF that pdf.js will not open without a password. This is only sound where the
 * strings are stored in the clear: a crypt filter of /Identity for strings (V 4/5, §7.6.5; also
 * the default when /StrF is absent) — e.g. `/AuthEvent /EFOpen`, where only embedded files are
 * encrypted. With RC4/AES strings the bytes are ciphertext and nothing is returned.
 */
export interface RawInfo {
  info: Record<string, unknown> | null;
  xmp: string;
}

/** Dictionary text of the indirect object `n g obj << … >>` (its last definition: incremental updates). */
function objectDict(s: string, n: string, g: string): string | null {
  const re = new RegExp(`(?:^|[\\s>\\]])${n}\\s+${g}\\s+obj\\s*<<`, 'g');
  let start = -1;
  for (let m = re.exec(s); m; m = re.exec(s)) start = m.index + m[0].length;
  if (start < 0) return null;
  let depth = 1;
  for (let i = start; i < s.length - 1 && i < start + 65536; i++) {
    if (s[i] === '(') i = literalEnd(s, i) - 1;
    else if (s[i] === '<' && s[i + 1] === '<') {
      depth++;
      i++;
    } else if (s[i] === '>' && s[i + 1] === '>') {
      if (--depth === 0) return s.slice(start, i);
      i++;
    }
  }
  return null;
}

/** Index just past a literal string starting at `i` (balanced parentheses, backslash escapes). */
function literalEnd(s: string, i: number): number {
  let depth = 0;
  for (let k = i; k < s.length; k++) {
    if (s[k] === '\\') k++;
    else if (s[k] === '(') depth++;
    else if (s[k] === ')' && --depth === 0) return k + 1;
  }
  return s.length;
}

/** §7.3.4.2 escapes; §7.9.2.2 text strings: UTF-16BE with a BOM, else PDFDocEncoding (≈ Latin-1). */
function textString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const b = Buffer.from(bytes.subarray(2));
    b.swap16();
    return b.toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}

function literal(raw: string): Buffer {
  const out: number[] = [];
  const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const n = raw[++i] ?? '';
    if (n in esc) out.push(esc[n]!);
    else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(raw.slice(i))![0];
      out.push(Number.parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else if (n === '\r' && raw[i + 1] === '\n') i++;
  }
  return Buffer.from(out);
}

/** `/Name` keys with decoded string, name, number or boolean values of one flat dictionary. */
export function dictEntries(dict: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const key = /\/([^\s/<>[\]()]+)\s*/g;
  for (let m = key.exec(dict); m; m = key.exec(dict)) {
    const name = m[1]!.replace(/#([0-9a-fA-F]{2})/g, (_x, h: string) =>
      String.fromCharCode(Number.parseInt(h, 16)),
    );
    const at = key.lastIndex;
    const c = dict[at];
    if (c === '(') {
      const end = literalEnd(dict, at);
      out[name] = textString(literal(dict.slice(at + 1, end - 1)));
      key.lastIndex = end;
    } else if (c === '<' && dict[at + 1] !== '<') {
      const end = dict.indexOf('>', at);
      const hex = dict.slice(at + 1, end < 0 ? undefined : end).replace(/\s+/g, '');
      out[name] = textString(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
      key.lastIndex = end < 0 ? dict.length : end + 1;
    } else {
      const v = /^(true|false|-?\d+(?:\.\d+)?)(?![\d.]*\s+\d+\s+R)/.exec(dict.slice(at));
      if (v) out[name] = v[1] === 'true' ? true : v[1] === 'false' ? false : Number(v[1]);
      else if (c === '/') {
        const n = /^\/([^\s/<>[\]()]+)/.exec(dict.slice(at));
        if (n) {
          out[name] = n[1]!;
          key.lastIndex = at + n[0].length;
        }
      }
    }
  }
  return out;
}

/** The Info dictionary's standard keys (ISO 32000-1 §14.3.3, Table 317); any other is custom. */
export const STANDARD_INFO_KEYS: ReadonlySet<string> = new Set([
  'Title',
  'Author',
  'Subject',
  'Keywords',
  'Creator',
  'Producer',
  'CreationDate',
  'ModDate',
  'Trapped',
]);

/** Info and XMP of an encrypted PDF whose strings are not encrypted; nulls otherwise. */
export function rawInfo(data: Buffer): RawInfo {
  const s = data.toString('latin1');
  const enc = /\/Encrypt\s+(\d+)\s+(\d+)\s+R/g;
  let last: RegExpExecArray | null = null;
  for (let m = enc.exec(s); m; m = enc.exec(s)) last = m;
  const encDict = last ? objectDict(s, last[1]!, last[2]!) : null;
  const v = Number(/\/V\s+(\d)/.exec(encDict ?? '')?.[1] ?? 0);
  const strF = /\/StrF\s*\/(\w+)/.exec(encDict ?? '')?.[1];
  const clearStrings = !!encDict && v >= 4 && (strF === undefined || strF === 'Identity');
  const stmF = /\/StmF\s*\/(\w+)/.exec(encDict ?? '')?.[1];
  const clearXmp =
    !!encDict &&
    ((v >= 4 && (stmF === undefined || stmF === 'Identity')) || /\/EncryptMetadata\s+false/.test(encDict));
  const xmpMatch = clearXmp ? /<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/.exec(s) : null;
  const xmp = xmpMatch ? Buffer.from(xmpMatch[0], 'latin1').toString('utf8') : '';
  if (!clearStrings) return { info: null, xmp };
  const infoRef = [...s.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R/g)].at(-1);
  const dict = infoRef ? objectDict(s, infoRef[1]!, infoRef[2]!) : null;
  if (!dict) return { info: null, xmp };
  const all = dictEntries(dict);
  const info: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(all)) (STANDARD_INFO_KEYS.has(k) ? info : custom)[k] = val;
  if (Object.keys(custom).length) info.Custom = custom;
  return { info, xmp };
}
