import type { RawHeader } from '../../model/entities.js';
import { headerValues } from './headers.js';

export interface CappedParts {
  /** The message cut after the part that ends the kept ones, closed with the final delimiter. */
  data: Buffer;
  /** Top-level body parts in the original message. */
  total: number;
}

/**
 * Bounds the top-level parts of a multipart message before the MIME parser sees it (RFC 2046
 * §5.1.1: parts are separated by `--boundary` lines, closed by `--boundary--`). A message of
 * 20,000 parts overflowed the parser's header budget and lost every attachment (issue #18); cut
 * after `keep` parts it parses, and the caller records the rest. Null when nothing needs cutting.
 */
export function capTopLevelParts(
  data: Buffer,
  headers: RawHeader[],
  hEnd: number,
  keep: number,
): CappedParts | null {
  const type = headerValues(headers, 'content-type')[0] ?? '';
  if (!/^\s*multipart\//i.test(type)) return null;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(type);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return null;
  const delim = Buffer.from(`\n--${b}`, 'latin1');
  let total = 0;
  let cut = -1;
  for (
    let at = data.indexOf(delim, Math.max(0, hEnd - 2));
    at >= 0;
    at = data.indexOf(delim, at + delim.length)
  ) {
    const after = at + delim.length;
    if (data[after] === 0x2d && data[after + 1] === 0x2d) break; // the close delimiter
    total++;
    if (total === keep + 1) cut = at;
  }
  if (cut < 0) return null;
  const close = Buffer.from(`\r\n--${b}--\r\n`, 'latin1');
  return { data: Buffer.concat([data.subarray(0, cut), close]), total };
}
