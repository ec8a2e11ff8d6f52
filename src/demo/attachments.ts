import type { Content } from './content.js';
import type { DocMeta } from './docs/doc-meta.js';
import { writeJpeg } from './docs/jpeg.js';
import { writeDocx, writePptx, writeXlsx } from './docs/ooxml.js';
import { writePdf } from './docs/pdf.js';
import type { Attachment } from './email-writer.js';
import { zoneOffset } from './mime-util.js';
import { externalOf, ORG_NAME, type Person } from './org.js';
import type { Rng } from './prng.js';

export const MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
};

const APP: Record<string, string> = {
  docx: 'Microsoft Office Word',
  xlsx: 'Microsoft Excel',
  pptx: 'Microsoft Office PowerPoint',
  pdf: 'Microsoft® Word',
};

const GPS = [
  { lat: 45.764, lon: 4.8357 },
  { lat: 43.2965, lon: 5.3698 },
  { lat: 50.6292, lon: 3.0573 },
  { lat: 44.8378, lon: -0.5792 },
  { lat: 48.8566, lon: 2.3522 },
];

export function fileName(c: Content, type: string, rng: Rng): string {
  if (type === 'jpg') return `IMG_${rng.int(1000, 9999)}.JPG`;
  const base = c.docTitle
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9 -]+/g, '')
    .trim()
    .replace(/\s+/g, '_')
    .slice(0, 40);
  return `${base || 'document'}.${type}`;
}

/** Metadata that the author's own Office would write for a document finished shortly before sending. */
export function staffMeta(rng: Rng, c: Content, type: string, author: Person, sentMs: number): DocMeta {
  const modified = sentMs - rng.int(5 * 60, 2 * 86_400) * 1000;
  const created = modified - rng.int(3600, 20 * 86_400) * 1000;
  const ext = externalOf(author.domain);
  return {
    title: c.docTitle,
    author: author.name,
    lastModifiedBy: author.name,
    created,
    modified,
    offsetMin: zoneOffset(author.zone, modified),
    application: APP[type] ?? 'Microsoft Office Word',
    appVersion: ext ? '15.0000' : '16.0000',
    company: ext ? ext.label : ORG_NAME,
    language: author.lang === 'fr' ? 'fr-FR' : 'en-US',
    totalEditingMinutes: Math.min(Math.floor((modified - created) / 60_000), rng.int(8, 240)),
    revision: rng.int(2, 14),
    savedPath: type === 'xlsx' ? `C:\\Users\\${author.address.split('@')[0]}\\Documents\\` : '',
  };
}

/** Renders one attachment of `type` with metadata `m` and the content's lines. */
export async function renderAttachment(
  rng: Rng,
  type: string,
  name: string,
  c: Content,
  m: DocMeta,
): Promise<Attachment> {
  let data: Uint8Array;
  switch (type) {
    case 'docx':
      data = writeDocx(m, c.docLines);
      break;
    case 'xlsx':
      data = writeXlsx(
        m,
        c.docLines.slice(0, 8).map((l, i): [string, number] => [l.slice(0, 60), (i + 1) * rng.int(50, 5000)]),
      );
      break;
    case 'pptx':
      data = writePptx(m, c.docLines);
      break;
    case 'pdf':
      data = await writePdf(
        m,
        c.docLines,
        m.appVersion === '16.0000' ? 'Microsoft® Word 2016' : 'Acrobat Distiller 11.0 (Windows)',
      );
      break;
    default: {
      const d = new Date(m.modified + m.offsetMin * 60_000).toISOString();
      const o = m.offsetMin;
      data = writeJpeg({
        make: 'Apple',
        model: rng.pick(['iPhone 6s', 'iPhone 7', 'iPhone SE']),
        software: rng.pick(['10.2.1', '10.3']),
        dateTime: `${d.slice(0, 10).replace(/-/g, ':')} ${d.slice(11, 19)}`,
        offset: `${o < 0 ? '-' : '+'}${String(Math.floor(Math.abs(o) / 60)).padStart(2, '0')}:00`,
        artist: '',
        gps: rng.pick(GPS),
      });
    }
  }
  return { filename: name, mime: MIME[type] ?? 'application/octet-stream', data };
}
