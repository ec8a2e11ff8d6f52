import { type PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { offsetString } from '../mime-util.js';
import type { DocMeta } from './doc-meta.js';

/** PDF date string with the editor's offset (PDF 32000-1 §7.9.4): D:20170327131200+03'00'. */
export function pdfDate(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const o = offsetString(offsetMin);
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${o.slice(0, 3)}'${o.slice(3)}'`;
}

/** Latin-1 only: the standard Helvetica font has WinAnsi encoding. */
const winAnsi = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '-');

/**
 * A one-page PDF whose Info dictionary carries the document's metadata, with dates written in the
 * editor's local offset; pdf-lib's own metadata update is off so nothing reads the clock.
 */
export async function writePdf(m: DocMeta, lines: string[], producer: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  let y = 790;
  page.drawText(winAnsi(m.title), { x: 56, y, size: 14, font });
  for (const line of lines) {
    y -= 22;
    if (y < 60) break;
    page.drawText(winAnsi(line).slice(0, 95), { x: 56, y, size: 10, font });
  }
  // pdf-lib's public setters write UTC dates only; the Info dictionary takes the offset form directly.
  const info = (doc as unknown as { getInfoDict(): PDFDict }).getInfoDict();
  // Text strings outside PDFDocEncoding are UTF-16BE with a BOM (PDF 32000-1 §7.9.2.2).
  info.set(PDFName.of('Title'), PDFHexString.fromText(m.title));
  info.set(PDFName.of('Author'), PDFHexString.fromText(m.author));
  info.set(PDFName.of('Creator'), PDFString.of(`${m.application} ${m.appVersion.split('.')[0]}`));
  info.set(PDFName.of('Producer'), PDFString.of(producer));
  info.set(PDFName.of('CreationDate'), PDFString.of(pdfDate(m.created, m.offsetMin)));
  info.set(PDFName.of('ModDate'), PDFString.of(pdfDate(m.modified, m.offsetMin)));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(m.language));
  return doc.save({ useObjectStreams: false });
}
