import type { DocumentMetadata } from '../../model/entities.js';
import { normIso } from './dates.js';
import { decodeXml } from './xml.js';

/**
 * XMP packet fields (ISO 16684-1; XMP Specification Part 2 for the xmp:, pdf:, dc: and xmpMM:
 * schemas) read by pattern: an XMP packet is RDF/XML, but attribute and element forms both occur,
 * and the fields wanted here are flat. Entities are not expanded (only the predefined ones).
 */
export function xmpFields(xmp: string): DocumentMetadata {
  const get = (name: string): string | undefined => {
    const esc = name.replace(':', '\\:');
    const el = new RegExp(`<${esc}\\b[^>]*>([\\s\\S]*?)</${esc}>`).exec(xmp);
    if (el) {
      const li = /<rdf:li\b[^>]*>([^<]*)<\/rdf:li>/.exec(el[1] ?? '');
      const v = li ? li[1] : (el[1] ?? '').includes('<') ? undefined : el[1];
      return v ? decodeXml(v).trim() || undefined : undefined;
    }
    const at = new RegExp(`\\s${esc}="([^"]*)"`).exec(xmp);
    return at ? decodeXml(at[1] ?? '') : undefined;
  };
  return {
    title: get('dc:title'),
    author: get('dc:creator'),
    description: get('dc:description'),
    keywords: get('pdf:Keywords'),
    application: get('xmp:CreatorTool'),
    producer: get('pdf:Producer'),
    created: normIso(get('xmp:CreateDate')),
    modified: normIso(get('xmp:ModifyDate')),
    documentId: get('xmpMM:DocumentID'),
    history: xmpHistory(xmp),
  };
}

/** xmpMM:History events (action, when, softwareAgent), oldest first. */
export function xmpHistory(xmp: string): { action?: string; when?: string; softwareAgent?: string }[] {
  const block = /<xmpMM:History\b[\s\S]*?<\/xmpMM:History>/.exec(xmp)?.[0];
  if (!block) return [];
  const out: { action?: string; when?: string; softwareAgent?: string }[] = [];
  const re = /<rdf:li\b([^>]*?)(?:\/>|>([\s\S]*?)<\/rdf:li>)/g;
  for (let m = re.exec(block); m && out.length < 1000; m = re.exec(block)) {
    const s = `${m[1] ?? ''} ${m[2] ?? ''}`;
    const f = (n: string) => {
      const v = new RegExp(`stEvt:${n}="([^"]*)"|<stEvt:${n}>([^<]*)<`).exec(s);
      return v ? decodeXml(v[1] ?? v[2] ?? '') : undefined;
    };
    out.push({ action: f('action'), when: normIso(f('when')), softwareAgent: f('softwareAgent') });
  }
  return out;
}
