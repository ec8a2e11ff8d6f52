/** Bytes of the header section `show --raw-headers` prints at most (a hostile file's headers may be huge). */
const MAX_HEADER_BYTES = 256 * 1024;

/**
 * The header section of a message exactly as received: field order, folding (RFC 5322 §2.2.3: a
 * CRLF followed by white space), encoded words and spacing kept, so a reader can compare it with
 * what a DKIM signature covered. The section ends at the first empty line (RFC 5322 §2.1). Bytes
 * are shown as Latin-1 when they are not UTF-8, never dropped; C0 controls other than tab, CR and
 * LF are shown as `\xNN` so a header cannot drive the terminal.
 * @example rawHeaderSection(Buffer.from('Subject: a\r\n b\r\n\r\nbody')) // 'Subject: a\n b'
 */
export function rawHeaderSection(message: Buffer): string {
  const head = message.subarray(0, MAX_HEADER_BYTES);
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : head.length;
  const bytes = head.subarray(0, end);
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const text = utf8.includes('\uFFFD') ? bytes.toString('latin1') : utf8;
  return text
    .replace(/\r\n/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
