import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Bytes to text: a BOM wins, then valid UTF-8, then chardet's guess (only if iconv-lite knows it),
 * then windows-1252, the usual charset of Western office text without a declaration.
 * @example decodeText(Buffer.from([0xe9, 0x74, 0xe9])).text // 'été'
 */
export function decodeText(b: Buffer, declared?: string): { text: string; charset: string } {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return { text: b.subarray(3).toString('utf8'), charset: 'UTF-8' };
  if (b[0] === 0xff && b[1] === 0xfe)
    return { text: iconv.decode(b.subarray(2), 'utf16le'), charset: 'UTF-16LE' };
  if (b[0] === 0xfe && b[1] === 0xff)
    return { text: iconv.decode(b.subarray(2), 'utf16be'), charset: 'UTF-16BE' };
  if (declared && iconv.encodingExists(declared))
    return { text: iconv.decode(b, declared), charset: declared };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: utf8.decode(b), charset: 'UTF-8' };
  } catch {
    // not UTF-8: guess below
  }
  const guess = chardet.detect(b.subarray(0, 65536));
  const cs = guess && iconv.encodingExists(guess) && !/^UTF-(16|32)/i.test(guess) ? guess : 'windows-1252';
  return { text: iconv.decode(b, cs), charset: cs };
}

/** True when the first bytes look like text: no NUL, few control characters. */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let ctl = 0;
  // An indexed loop: `for…of` over a Uint8Array cost 117 µs per 8 KB head, and every node of an
  // ingest (each message, each attachment) is scored (issue #12).
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) ctl++;
  }
  return ctl / head.length < 0.02;
}
