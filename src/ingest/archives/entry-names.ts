import iconv from 'iconv-lite';

/** How an archive entry's name bytes were read. `utf-8-invalid` names keep bad bytes as `%XX`. */
export type NameEncoding = 'utf-8' | 'cp437' | 'shift_jis' | 'latin1' | 'utf-8-invalid';

export interface DecodedName {
  name: string;
  encoding: NameEncoding;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the raw bytes of an archive entry name. Zip names are UTF-8 when general-purpose bit 11
 * is set and CP437 otherwise (APPNOTE.TXT 4.4.4 and appendix D); in practice many tools write UTF-8
 * without the flag, and Japanese Windows writes Shift-JIS (CP932), so unflagged names are tried as
 * strict UTF-8, then as Shift-JIS when every double-byte character is kana or kanji, then `fallback`.
 * A name flagged UTF-8 that is not valid UTF-8 keeps each bad byte as `%XX`, so distinct byte
 * strings stay distinct and the original is recoverable.
 * @example decodeEntryName(Buffer.from([0x82, 0xe9]), false, 'cp437') // { name: 'éΘ', encoding: 'cp437' }
 */
export function decodeEntryName(
  raw: Uint8Array,
  utf8Flag: boolean,
  fallback: 'cp437' | 'latin1',
): DecodedName {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  // ASCII reads the same in every candidate encoding; call it UTF-8.
  if (isAscii(buf)) return { name: buf.toString('latin1'), encoding: 'utf-8' };
  const utf8 = tryUtf8(buf);
  if (utf8 !== null) return { name: utf8, encoding: 'utf-8' };
  if (utf8Flag) return { name: escapeInvalidUtf8(buf), encoding: 'utf-8-invalid' };
  if (looksShiftJis(buf)) return { name: iconv.decode(buf, 'cp932'), encoding: 'shift_jis' };
  return { name: iconv.decode(buf, fallback), encoding: fallback };
}

function isAscii(b: Buffer): boolean {
  for (const x of b) if (x > 0x7f) return false;
  return true;
}

function tryUtf8(b: Buffer): string | null {
  try {
    return STRICT_UTF8.decode(b);
  } catch {
    return null;
  }
}

/** Decodes valid UTF-8 runs and writes every byte that is not part of one as `%XX`. */
export function escapeInvalidUtf8(b: Buffer): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const len = utf8SeqLen(b, i);
    if (len > 0) {
      out += b.toString('utf8', i, i + len);
      i += len;
    } else {
      out += `%${b[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Length of a well-formed UTF-8 sequence at `i` (RFC 3629 §4), or 0. */
function utf8SeqLen(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return tryUtf8(b.subarray(i, i + n)) === null ? 0 : n;
}

/**
 * True when the bytes parse as Shift-JIS and every double-byte character is kana, kanji or CJK
 * punctuation. CP437 names such as `r\x82union` also parse as Shift-JIS, but to full-width Latin,
 * which this rejects.
 */
export function looksShiftJis(b: Buffer): boolean {
  let doubles = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x80 || (c >= 0xa1 && c <= 0xdf)) continue;
    const lead = (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc);
    const t = b[i + 1];
    if (!lead || t === undefined || t < 0x40 || t === 0x7f || t > 0xfc) return false;
    const ch = iconv.decode(b.subarray(i, i + 2), 'cp932').codePointAt(0) ?? 0;
    const cjk = (ch >= 0x3000 && ch <= 0x30ff) || (ch >= 0x4e00 && ch <= 0x9fff);
    if (!cjk) return false;
    doubles++;
    i++;
  }
  return doubles > 0;
}
