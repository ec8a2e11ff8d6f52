import { PDFDocument, StandardFonts } from 'pdf-lib';

/** Fields written into a generated PDF's Info dictionary (and read back as the truth). */
export interface PdfSpec {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creator?: string;
  producer?: string;
  created?: Date;
  modified?: Date;
  pages?: string[];
}

/**
 * Writes a PDF with pdf-lib. pdf-lib writes dates as `D:…Z` (UTC); `withOffset` rewrites them with
 * a zone suffix, for the time-zone tests, by patching the bytes (same length is not needed: the
 * xref is rebuilt by `useObjectStreams: false` + a fresh save of the patched document is avoided
 * by patching only literal strings of equal length).
 */
export async function makePdf(spec: PdfSpec): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of spec.pages ?? ['']) {
    const page = doc.addPage([300, 200]);
    let y = 170;
    for (const line of text.split('\n')) {
      page.drawText(line, { x: 20, y, size: 10, font });
      y -= 14;
    }
  }
  if (spec.title) doc.setTitle(spec.title);
  if (spec.author) doc.setAuthor(spec.author);
  if (spec.subject) doc.setSubject(spec.subject);
  if (spec.keywords) doc.setKeywords(spec.keywords);
  if (spec.creator) doc.setCreator(spec.creator);
  if (spec.producer) doc.setProducer(spec.producer);
  if (spec.created) doc.setCreationDate(spec.created);
  if (spec.modified) doc.setModificationDate(spec.modified);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Replaces `D:YYYYMMDDHHmmSSZ` (17 chars + 2 quotes of pdf-lib: `Z`) by a local time with offset. */
export function withOffset(pdf: Buffer, utcStamp: string, local: string): Buffer {
  const s = pdf.toString('latin1');
  return Buffer.from(s.split(utcStamp).join(local), 'latin1');
}
