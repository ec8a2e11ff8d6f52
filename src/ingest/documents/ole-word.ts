import iconv from 'iconv-lite';
import { lcidTag } from './lcid.js';

/**
 * Word 97–2003 binary documents ([MS-DOC]): the File Information Block (FIB) at the start of the
 * WordDocument stream, the piece table (CLX, §2.9.38) for the text and the SttbSavedBy table
 * (§2.9.291) for the save history of authors and paths. All offsets are bounds-checked.
 */
export interface WordInfo {
  encrypted: boolean;
  appLanguage?: string;
  text: string;
  savedBy: { author: string; path: string }[];
}

/** Offsets into FibRgFcLcb97 (8 bytes per fc/lcb pair). */
const RG_CLX = 33;
const RG_SAVED_BY = 71;

export function readWord(wordDoc: Buffer, table0?: Buffer, table1?: Buffer): WordInfo {
  if (wordDoc.length < 0x9a || wordDoc.readUInt16LE(0) !== 0xa5ec) {
    return { encrypted: false, text: '', savedBy: [] };
  }
  const flags = wordDoc.readUInt16LE(0x0a);
  const encrypted = (flags & 0x0100) !== 0 && (flags & 0x8000) === 0;
  const appLanguage = lcidTag(wordDoc.readUInt16LE(0x06));
  const table = (flags & 0x0200) !== 0 ? table1 : table0;
  if (encrypted || !table) return { encrypted, appLanguage, text: '', savedBy: [] };
  const csw = wordDoc.readUInt16LE(32);
  const lwAt = 32 + 2 + csw * 2;
  const cslw = lwAt + 2 <= wordDoc.length ? wordDoc.readUInt16LE(lwAt) : 0;
  const rgAt = lwAt + 2 + cslw * 4 + 2;
  const cbRg = rgAt - 2 + 2 <= wordDoc.length ? wordDoc.readUInt16LE(rgAt - 2) : 0;
  const pair = (i: number): [number, number] => {
    const at = rgAt + i * 8;
    if (i >= cbRg || at + 8 > wordDoc.length) return [0, 0];
    return [wordDoc.readUInt32LE(at), wordDoc.readUInt32LE(at + 4)];
  };
  const [fcClx, lcbClx] = pair(RG_CLX);
  const [fcSaved, lcbSaved] = pair(RG_SAVED_BY);
  return {
    encrypted,
    appLanguage,
    text: cleanWordText(pieceText(wordDoc, table.subarray(fcClx, fcClx + lcbClx))),
    savedBy: lcbSaved ? savedBy(table.subarray(fcSaved, fcSaved + lcbSaved)) : [],
  };
}

/** Concatenates the text pieces: 8-bit "compressed" cp1252 or UTF-16LE (§2.4.1). */
function pieceText(doc: Buffer, clx: Buffer): string {
  let p = 0;
  while (p < clx.length && clx[p] === 0x01)
    p += 3 + (p + 3 <= clx.length ? clx.readUInt16LE(p + 1) : clx.length);
  if (p + 5 > clx.length || clx[p] !== 0x02) return '';
  const lcb = clx.readUInt32LE(p + 1);
  const plc = clx.subarray(p + 5, p + 5 + lcb);
  const n = Math.floor((plc.length - 4) / 12);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const cpStart = plc.readUInt32LE(i * 4);
    const cpEnd = plc.readUInt32LE((i + 1) * 4);
    const fc = plc.readUInt32LE((n + 1) * 4 + i * 8 + 2);
    const len = Math.max(0, Math.min(cpEnd - cpStart, 1 << 24));
    if ((fc & 0x40000000) !== 0) {
      const at = (fc & 0x3fffffff) / 2;
      out.push(iconv.decode(doc.subarray(at, at + len), 'cp1252'));
    } else {
      out.push(doc.subarray(fc, fc + len * 2).toString('utf16le'));
    }
  }
  return out.join('');
}

/** Word's control characters: fields (0x13 code 0x14 result 0x15) keep their result only. */
export function cleanWordText(s: string): string {
  return s
    .replace(/\x13[^\x13\x14\x15]*\x14/g, '')
    .replace(/\x13[^\x13\x14\x15]*\x15/g, '')
    .replace(/\x07/g, '\t')
    .replace(/[\r\x0b\x0c]/g, '\n')
    .replace(/[\x00-\x08\x0e-\x1f]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** SttbSavedBy: an extended STTB of (author, path) pairs, oldest save first. */
function savedBy(b: Buffer): { author: string; path: string }[] {
  if (b.length < 6 || b.readUInt16LE(0) !== 0xffff) return [];
  const count = b.readUInt16LE(2);
  const strings: string[] = [];
  let p = 6;
  for (let i = 0; i < count && p + 2 <= b.length; i++) {
    const cch = b.readUInt16LE(p);
    strings.push(b.subarray(p + 2, p + 2 + cch * 2).toString('utf16le'));
    p += 2 + cch * 2;
  }
  const out: { author: string; path: string }[] = [];
  for (let i = 0; i + 1 < strings.length; i += 2)
    out.push({ author: strings[i] ?? '', path: strings[i + 1] ?? '' });
  return out;
}
