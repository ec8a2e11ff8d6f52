import iconv from 'iconv-lite';

/**
 * PowerPoint 97–2003 ([MS-PPT]): text atoms in the "PowerPoint Document" stream. Records are
 * an 8-byte header (recVer/recInstance, recType, recLen, §2.3.1); containers (recVer 0xF) are
 * walked into, except master slides, whose placeholder text ("Click to edit…") is not content.
 */
const TEXT_CHARS = 0x0fa0;
const TEXT_BYTES = 0x0fa8;
const MAIN_MASTER = 0x03f8;
const CRYPT_SESSION = 0x2f14;

export function readPpt(doc: Buffer): { text: string; encrypted: boolean } {
  const out: string[] = [];
  let encrypted = false;
  let p = 0;
  while (p + 8 <= doc.length) {
    const ver = doc.readUInt16LE(p) & 0x0f;
    const type = doc.readUInt16LE(p + 2);
    const len = doc.readUInt32LE(p + 4);
    if (type === CRYPT_SESSION) encrypted = true;
    if (ver === 0x0f && type !== MAIN_MASTER) {
      p += 8;
      continue;
    }
    const body = doc.subarray(p + 8, p + 8 + len);
    if (type === TEXT_CHARS) out.push(body.toString('utf16le'));
    else if (type === TEXT_BYTES) out.push(iconv.decode(body, 'latin1'));
    p += 8 + len;
  }
  const text = out
    .map((s) =>
      s
        .replace(/\r/g, '\n')
        .replace(/[\x00-\x08\x0b\x0e-\x1f]/g, '')
        .trim(),
    )
    .filter(Boolean)
    .join('\n');
  return { text, encrypted };
}
