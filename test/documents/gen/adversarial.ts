import CFB from 'cfb';
import { makeTiff } from './exif.js';

/** Hostile inputs with a known expected failure (test/documents/adversarial.test.ts). */
export const BILLION_LAUGHS =
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';
export const XXE =
  '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/leak"><!ENTITY file SYSTEM "file:///etc/passwd">]>';

/**
 * A PDF encrypted with the Standard security handler (ISO 32000-1 §7.6.3) whose /O and /U do not
 * match the empty user password, so it cannot be opened without one.
 */
export function encryptedPdf(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>',
    '<< /Title (x) >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${'11'.repeat(32)}> /U <${'22'.repeat(32)}> /P -44 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 4 0 R /Encrypt 5 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Password-protected OOXML as Office writes it: an OLE2 file with EncryptionInfo + EncryptedPackage. */
export function encryptedOoxml(summary?: Buffer): Buffer {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(64, 7));
  if (summary) CFB.utils.cfb_add(cfb, '/\u0005SummaryInformation', summary);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}

/** A JPEG whose IFD0 points far past the end of the segment (and one entry pointing outside). */
export function badExifJpeg(): Buffer {
  const tiff = makeTiff({ make: 'Canon', model: 'X', artist: 'A' });
  tiff.writeUInt32LE(0x7ffffff0, 4); // IFD0 offset outside the data
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, payload, Buffer.from([0xff, 0xd9])]);
}

/** A PDF whose Info dictionary holds arrays nested `depth` deep (parser stack exhaustion). */
export function nestedPdf(depth: number): Buffer {
  const deep = '['.repeat(depth) + ']'.repeat(depth);
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>',
    `<< /Title (deep) /Nested ${deep} >>`,
  ];
  let body = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const x = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${x}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
