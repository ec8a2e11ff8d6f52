import { htmlToText } from '../../util/html-text.js';
import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { decodeText } from './charset.js';
import { normIso } from './dates.js';
import { documentOutput } from './record.js';
import { attr, decodeXml } from './xml.js';

const latin1 = new TextDecoder('latin1');

/**
 * HTML files: `<title>`, `<meta name=… content=…>` (HTML Living Standard §4.2.5, plus the
 * Dublin Core `DC.*` and Office-exported `Generator`/`ProgId` names) and the visible text.
 */
export const htmlIngestor: Ingestor = {
  name: 'html',
  mimeTypes: ['text/html', 'application/xhtml+xml'],
  extensions: ['html', 'htm', 'xhtml'],
  score(c: Candidate): number {
    const h = latin1.decode(c.head.subarray(0, 1024)).trimStart().toLowerCase();
    if (h.startsWith('<!doctype html') || h.startsWith('<html')) return 55;
    return ['html', 'htm', 'xhtml'].includes(c.ext) ? 40 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const head = input.data.subarray(0, 4096).toString('latin1');
    const declared = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
    const { text: html } = decodeText(input.data, declared);
    const meta = htmlMeta(html);
    return documentOutput(input, 'text/html', meta, htmlToText(html));
  },
};

export function htmlMeta(html: string): Record<string, string | undefined> {
  const m = new Map<string, string>();
  const re = /<meta\b[^>]*>/gi;
  for (let x = re.exec(html); x; x = re.exec(html)) {
    const name = (attr(x[0], 'name') ?? attr(x[0], 'property') ?? '').toLowerCase();
    const content = attr(x[0], 'content');
    if (name && content !== undefined && !m.has(name)) m.set(name, content);
  }
  const title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const generator = m.get('generator');
  return {
    title: title ? decodeXml(title).replace(/\s+/g, ' ').trim() : m.get('dc.title'),
    author: m.get('author') ?? m.get('dc.creator'),
    description: m.get('description') ?? m.get('dc.description'),
    keywords: m.get('keywords'),
    created: normIso(m.get('dc.date.created') ?? m.get('created') ?? m.get('dcterms.created')),
    modified: normIso(m.get('dc.date.modified') ?? m.get('dcterms.modified') ?? m.get('last-modified')),
    application: generator ?? m.get('progid'),
    language: /<html\b[^>]*\blang=["']?([\w-]+)/i.exec(html)?.[1],
  };
}
