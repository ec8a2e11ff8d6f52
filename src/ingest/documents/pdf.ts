import type { DocumentMetadata } from '../../model/entities.js';
import {
  type Candidate,
  IngestError,
  type IngestInput,
  type IngestOutput,
  type Ingestor,
} from '../ingestor.js';
import { offsetOf, pdfDate } from './dates.js';
import { rawInfo, STANDARD_INFO_KEYS } from './pdf-raw-info.js';
import { xmpFields } from './pdf-xmp.js';
import { loadPdfJs, openPdf } from './pdfjs.js';
import { compact, documentOutput, hasMagic } from './record.js';

/**
 * Loads pdf.js ahead of the first PDF. A parser process does this before it takes a file, so that
 * loading a large module (seconds on a loaded machine) is not charged to one PDF's time budget.
 */
export async function preloadPdfJs(): Promise<void> {
  await loadPdfJs();
}

/**
 * PDF (ISO 32000): the Info dictionary (§14.3.3), the XMP packet (§14.3.2) with its edit history,
 * encryption (§7.6), and the text of each page, through pdf.js with every outside effect off: no
 * worker thread, no font loading, no eval, no fetch. At most `maxPdfPages` pages are read.
 */
export const pdfIngestor: Ingestor = {
  name: 'pdf',
  mimeTypes: ['application/pdf'],
  extensions: ['pdf'],
  score: (c: Candidate) => (hasMagic(c.head, [0x25, 0x50, 0x44, 0x46, 0x2d]) ? 60 : c.ext === 'pdf' ? 20 : 0),
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const encrypted = /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/.test(tail(input.data));
    const task = await openPdf(input.data);
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (err) {
      await task.destroy();
      throw failure(input, err as Error, encrypted);
    }
    try {
      return await readPdf(input, doc, encrypted);
    } finally {
      await doc.destroy();
    }
  },
};

/** The trailer (where /Encrypt lives) is at the end; incremental updates add more trailers. */
function tail(b: Buffer): string {
  return (
    b.subarray(Math.max(0, b.length - 65536)).toString('latin1') + b.subarray(0, 4096).toString('latin1')
  );
}

function failure(input: IngestInput, err: Error, encrypted: boolean): IngestError {
  if (err.name === 'PasswordException') {
    // What the file shows without the password: Info and XMP when their strings are in the clear.
    const raw = rawInfo(input.data);
    const meta = { ...(raw.info || raw.xmp ? infoFields(raw.info ?? {}, raw.xmp) : {}), encrypted: true };
    const read = raw.info ? ['Info dictionary read from the file: its strings are not encrypted'] : [];
    const partial = documentOutput(input, 'application/pdf', meta, '', ['password required', ...read]);
    return new IngestError('encrypted', `${input.name}: PDF needs a password to open`, partial);
  }
  const truncated = !/%%EOF\s*$/.test(input.data.subarray(-1024).toString('latin1'));
  const reason = truncated ? 'truncated' : 'corrupt';
  return new IngestError(
    reason,
    `${input.name}: unreadable PDF${encrypted ? ' (encrypted)' : ''} (${err.message})`,
  );
}

interface PdfDoc {
  numPages: number;
  getMetadata(): Promise<{ info: object; metadata: { getRaw(): string } | null }>;
  getPage(n: number): Promise<{
    ref?: { num: number; gen: number } | null;
    getTextContent(): Promise<{ items: unknown[] }>;
    cleanup(): void;
  }>;
}

async function readPdf(input: IngestInput, doc: PdfDoc, encrypted: boolean): Promise<IngestOutput> {
  const warnings: string[] = [];
  const { info, metadata } = await doc.getMetadata().catch((err: Error) => {
    // e.g. objects nested deeper than the parser's stack: keep the pages, say what was lost.
    warnings.push(`Info dictionary and XMP unreadable: ${err.message}`);
    return { info: {}, metadata: null };
  });
  const meta = infoFields(info as Record<string, unknown>, metadata?.getRaw() ?? '');
  if (
    /\/Info\s+\d+\s+\d+\s+R/.test(tail(input.data)) &&
    ![...STANDARD_INFO_KEYS].some((k) => k in (info as object))
  ) {
    // pdf.js drops an Info dictionary it cannot parse (e.g. objects nested thousands deep) silently.
    warnings.push('Info dictionary present but no field could be read from it');
  }
  meta.pages = doc.numPages;
  if (encrypted) meta.encrypted = true;
  const max = Math.min(doc.numPages, input.limits.maxPdfPages);
  if (doc.numPages > max)
    warnings.push(`text read from the first ${max} of ${doc.numPages} pages (maxPdfPages)`);
  const pages: string[] = [];
  let chars = 0;
  // ISO 32000-1 §7.7.3.3: every page object is a leaf of the page tree once. A tree that lists one
  // page again (100,000 /Kids pointing at one page took pdf.js 105 s, issue #18) is refused at the
  // first repeat; pdf.js itself reports cycles ("circular reference") as page errors, bounded below.
  const seen = new Set<string>();
  let repeat: string | null = null;
  for (let i = 1; i <= max && chars < input.limits.maxTextChars; i++) {
    try {
      const page = await doc.getPage(i);
      const ref = page.ref ? `${page.ref.num} ${page.ref.gen} R` : null;
      if (ref && seen.has(ref)) {
        repeat = `the page tree lists page object ${ref} again as page ${i} of ${doc.numPages} (a page appears once, ISO 32000-1 §7.7.3.3); text read from the first ${i - 1} page(s)`;
        break;
      }
      if (ref) seen.add(ref);
      const content = await page.getTextContent();
      const t = pageText(content.items);
      chars += t.length;
      pages.push(t);
      page.cleanup();
    } catch (err) {
      warnings.push(`page ${i}: ${(err as Error).message}`);
      if (warnings.length > 20) break;
    }
  }
  const cycle = warnings.find((w) => /circular reference/i.test(w));
  if (!repeat && cycle)
    repeat = `the page tree contains a cycle (${cycle}); text read from the ${pages.length} page(s) reachable`;
  if (repeat) warnings.push(repeat);
  const out = documentOutput(input, 'application/pdf', meta, pages.join('\n\f\n'), warnings);
  if (repeat) throw new IngestError('corrupt', `${input.name}: ${repeat}`, out);
  const lost = warnings.find((w) => w.startsWith('Info dictionary'));
  if (lost) throw new IngestError('corrupt', `${input.name}: ${lost}`, out);
  return out;
}

function pageText(items: unknown[]): string {
  let s = '';
  for (const it of items as { str?: string; hasEOL?: boolean }[]) {
    if (typeof it.str !== 'string') continue;
    s += it.str + (it.hasEOL ? '\n' : '');
  }
  return s.trim();
}

/** Info dictionary first, XMP filling the gaps (a PDF editor may update one and not the other). */
export function infoFields(info: Record<string, unknown>, xmp: string): DocumentMetadata {
  const s = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : undefined);
  const x = xmp ? xmpFields(xmp) : {};
  const created = pdfDate(s('CreationDate')) ?? x.created;
  const m = compact({
    ...x,
    title: s('Title') ?? x.title,
    subject: s('Subject'),
    author: s('Author') ?? x.author,
    keywords: s('Keywords') ?? x.keywords,
    // Catalog /Lang (ISO 32000-1 §14.9.2), which pdf.js reports as info.Language.
    language: s('Language'),
    application: s('Creator') ?? x.application,
    producer: s('Producer') ?? x.producer,
    created,
    modified: pdfDate(s('ModDate')) ?? x.modified,
    pdfVersion: info.PDFFormatVersion,
    timezoneOffset: offsetOf(created),
    custom: customFields(info.Custom),
  });
  return m;
}

/**
 * Keys of the Info dictionary beyond the standard ones (`/Custom Property (Custom Value)`, which
 * pdf.js reports under `info.Custom`), as `custom {name: value}` like OOXML's and OLE's custom
 * properties: strings, numbers and booleans as they are, names as their text, PDF dates as ISO.
 */
function customFields(c: unknown): Record<string, string | number | boolean> | undefined {
  if (!c || typeof c !== 'object') return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
    if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = /^D:\d{4}/.test(v) ? (pdfDate(v) ?? v) : v;
    else if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')
      out[k] = (v as { name: string }).name;
  }
  return Object.keys(out).length ? out : undefined;
}
