import type { DocumentMetadata } from '../../model/entities.js';
import {
  type Candidate,
  IngestError,
  type IngestInput,
  type IngestOutput,
  type Ingestor,
} from '../ingestor.js';
import { normIso } from './dates.js';
import { typedValue } from './office-props.js';
import { documentOutput, hasMagic } from './record.js';
import { assertNoDtd, attr, bodyText, decodeXml, flatElements, UnsafeXmlError } from './xml.js';
import { readZipParts, utf8 } from './zip.js';

const MIME: Record<string, string> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  odg: 'application/vnd.oasis.opendocument.graphics',
  ott: 'application/vnd.oasis.opendocument.text-template',
};
const latin1 = new TextDecoder('latin1');

/**
 * OpenDocument files (ODF 1.2, OASIS): meta.xml (Part 1 §4) for the dictionary fields incl.
 * editing cycles and duration, content.xml for the text. The first zip entry is the
 * uncompressed `mimetype` (Part 3 §3.3), which identifies the kind without reading further.
 */
export const odfIngestor: Ingestor = {
  name: 'odf',
  mimeTypes: Object.values(MIME),
  extensions: Object.keys(MIME),
  score(c: Candidate): number {
    if (!hasMagic(c.head, [0x50, 0x4b, 0x03, 0x04])) return 0;
    if (latin1.decode(c.head.subarray(30, 100)).startsWith('mimetypeapplication/vnd.oasis.opendocument'))
      return 70;
    return MIME[c.ext] ? 68 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const want = (n: string) => n === 'mimetype' || n === 'meta.xml' || n === 'content.xml';
    const parts = readZipParts(input.data, want, input.limits, input.name);
    const declared = utf8(parts.get('mimetype')).trim();
    if (!declared.startsWith('application/vnd.oasis.opendocument') && !parts.has('content.xml')) {
      throw new IngestError('corrupt', `${input.name}: zip container without an ODF mimetype or content.xml`);
    }
    const ext = input.name.split('.').pop()?.toLowerCase() ?? '';
    const mime = declared || MIME[ext] || MIME.odt!;
    const warnings: string[] = [];
    const guard = <T>(fn: () => T, fallback: T): T => {
      try {
        return fn();
      } catch (err) {
        if (!(err instanceof UnsafeXmlError)) throw err;
        warnings.push(err.message);
        return fallback;
      }
    };
    const meta = guard(() => odfMeta(utf8(parts.get('meta.xml'))), {});
    const text = guard(() => {
      const content = utf8(parts.get('content.xml'));
      assertNoDtd(content, 'content.xml');
      return bodyText(content, ['p', 'h'], ['p', 'h'], ['table-cell']);
    }, '');
    const out = documentOutput(input, mime, meta, text, warnings);
    if (warnings.length) throw new IngestError('unsafe-xml', `${input.name}: ${warnings[0]}`, out);
    return out;
  },
};

/** meta.xml: dc:*, meta:* elements; editing-duration is an xsd:duration (`PT1H2M3S`). */
export function odfMeta(xml: string): DocumentMetadata {
  assertNoDtd(xml, 'meta.xml');
  const e = flatElements(xml);
  const stats = /<meta:document-statistic\b[^>]*>/.exec(xml)?.[0] ?? '';
  const num = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : undefined);
  const generator = e.generator;
  const custom: Record<string, string | number | boolean> = {};
  const re = /<meta:user-defined\b([^>]*)>([^<]*)<\/meta:user-defined>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const name = attr(m[1] ?? '', 'meta:name');
    const type = attr(m[1] ?? '', 'meta:value-type') ?? 'string';
    if (name)
      custom[name] = typedValue(
        type === 'float' ? 'r8' : type === 'boolean' ? 'bool' : type,
        decodeXml(m[2] ?? ''),
      );
  }
  const template = /<meta:template\b[^>]*>/.exec(xml)?.[0];
  return {
    title: e.title,
    subject: e.subject,
    description: e.description,
    keywords: e.keyword,
    author: e['initial-creator'],
    lastModifiedBy: e.creator,
    created: normIso(e['creation-date']),
    modified: normIso(e.date),
    printed: normIso(e['print-date']),
    application: generator?.split('/')[0],
    appVersion: generator?.split('/')[1]?.split(/\s|\$/)[0],
    producer: generator,
    language: e.language,
    template: template ? (attr(template, 'xlink:href') ?? attr(template, 'xlink:title')) : undefined,
    totalEditingTime: duration(e['editing-duration']),
    editingCycles: num(e['editing-cycles']),
    pages: num(attr(stats, 'meta:page-count')),
    words: num(attr(stats, 'meta:word-count')),
    characters: num(attr(stats, 'meta:character-count')),
    custom,
  };
}

/** xsd:duration (XML Schema Part 2 §3.2.6) to seconds; months/years are not used by ODF writers. */
export function duration(s: string | undefined): number | undefined {
  const m = s && /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s.trim());
  if (!m) return undefined;
  return (
    Number(m[1] ?? 0) * 86400 +
    Number(m[2] ?? 0) * 3600 +
    Number(m[3] ?? 0) * 60 +
    Math.round(Number(m[4] ?? 0))
  );
}
