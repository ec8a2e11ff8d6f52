import type { DocumentMetadata } from '../../model/entities.js';
import {
  type Candidate,
  IngestError,
  type IngestInput,
  type IngestOutput,
  type Ingestor,
} from '../ingestor.js';
import { appProps, attachedTemplate, coreProps, customProps } from './office-props.js';
import {
  byNumber,
  drawingText,
  languageTags,
  relTargets,
  sharedStrings,
  sheetNames,
  sheetText,
  wordText,
} from './ooxml-text.js';
import { documentOutput, hasMagic } from './record.js';
import { UnsafeXmlError } from './xml.js';
import { readZipParts, utf8 } from './zip.js';

const MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  docm: 'application/vnd.ms-word.document.macroEnabled.12',
  dotx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.template',
  dotm: 'application/vnd.ms-word.template.macroEnabled.12',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.12',
  xltx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.template',
  xltm: 'application/vnd.ms-excel.template.macroEnabled.12',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pptm: 'application/vnd.ms-powerpoint.presentation.macroEnabled.12',
  potx: 'application/vnd.openxmlformats-officedocument.presentationml.template',
  ppsx: 'application/vnd.openxmlformats-officedocument.presentationml.slideshow',
};

const PK = [0x50, 0x4b, 0x03, 0x04];
const latin1 = new TextDecoder('latin1');

/** Word, Excel and PowerPoint 2007+ files (ECMA-376 / ISO 29500) and their macro variants. */
export const ooxmlIngestor: Ingestor = {
  name: 'ooxml',
  mimeTypes: Object.values(MIME),
  extensions: Object.keys(MIME),
  score(c: Candidate): number {
    if (!hasMagic(c.head, PK)) return 0;
    if (MIME[c.ext]) return 70;
    const h = latin1.decode(c.head);
    return h.includes('[Content_Types].xml') && /word\/|xl\/|ppt\//.test(h) ? 55 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const parts = readZipParts(input.data, wanted, input.limits, input.name);
    if (!parts.has('[Content_Types].xml')) {
      throw new IngestError(
        'corrupt',
        `${input.name}: zip container without [Content_Types].xml: not an OOXML file`,
      );
    }
    const kind = parts.has('word/document.xml') ? 'word' : parts.has('xl/workbook.xml') ? 'excel' : 'ppt';
    const mime = MIME[kindExt(input.name, kind)] ?? MIME.docx!;
    const warnings: string[] = [];
    const meta = readMeta(parts, warnings);
    const text = guard(() => readText(parts, kind), warnings, '');
    const out = documentOutput(input, mime, meta, text, warnings);
    if (warnings.some((w) => w.includes('DTD'))) {
      throw new IngestError('unsafe-xml', `${input.name}: ${warnings.find((w) => w.includes('DTD'))}`, out);
    }
    return out;
  },
};

function wanted(n: string): boolean {
  return (
    n === '[Content_Types].xml' ||
    n.startsWith('docProps/') ||
    n === 'word/document.xml' ||
    n === 'word/_rels/settings.xml.rels' ||
    n === 'word/styles.xml' ||
    /^word\/(header|footer)\d*\.xml$|^word\/(footnotes|endnotes)\.xml$/.test(n) ||
    n === 'xl/workbook.xml' ||
    n === 'xl/_rels/workbook.xml.rels' ||
    n === 'xl/sharedStrings.xml' ||
    /^xl\/worksheets\/[^/]+\.xml$/.test(n) ||
    /^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(n)
  );
}

function kindExt(name: string, kind: string): string {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  if (MIME[ext]) return ext;
  return kind === 'word' ? 'docx' : kind === 'excel' ? 'xlsx' : 'pptx';
}

/** A part that fails (DTD, bad XML) costs its own fields only, with a warning. */
function guard<T>(fn: () => T, warnings: string[], fallback: T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof UnsafeXmlError)) throw err;
    warnings.push(err.message);
    return fallback;
  }
}

function readMeta(parts: Map<string, Uint8Array>, warnings: string[]): DocumentMetadata {
  const core = guard(() => coreProps(utf8(parts.get('docProps/core.xml'))), warnings, {});
  const app = guard(() => appProps(utf8(parts.get('docProps/app.xml'))), warnings, {});
  const custom = guard(() => customProps(utf8(parts.get('docProps/custom.xml'))), warnings, {});
  const rels = parts.get('word/_rels/settings.xml.rels');
  const templatePath = rels ? guard(() => attachedTemplate(utf8(rels)), warnings, undefined) : undefined;
  const langXml = [...parts.keys()]
    .filter((n) => n === 'word/styles.xml' || n === 'word/document.xml' || n.startsWith('ppt/slides/'))
    .map((n) => utf8(parts.get(n)));
  const editingLanguages = languageTags(langXml).slice(0, 5);
  return { ...core, ...app, custom, templatePath, editingLanguages };
}

function readText(parts: Map<string, Uint8Array>, kind: string): string {
  const names = [...parts.keys()];
  const xml = (n: string) => {
    const s = utf8(parts.get(n));
    if (/<!DOCTYPE|<!ENTITY/i.test(s)) throw new UnsafeXmlError(n);
    return s;
  };
  if (kind === 'word') {
    const extra = names.filter((n) => /^word\/(header|footer|footnotes|endnotes)/.test(n)).sort(byNumber);
    return ['word/document.xml', ...extra]
      .map((n) => wordText(xml(n)))
      .filter(Boolean)
      .join('\n\n');
  }
  if (kind === 'excel') return workbookText(parts, xml);
  const slides = names.filter((n) => n.startsWith('ppt/slides/')).sort(byNumber);
  const notes = names.filter((n) => n.startsWith('ppt/notesSlides/')).sort(byNumber);
  return [...slides, ...notes]
    .map((n) => drawingText(xml(n)))
    .filter(Boolean)
    .join('\n\n');
}

function workbookText(parts: Map<string, Uint8Array>, xml: (n: string) => string): string {
  const strings = parts.has('xl/sharedStrings.xml') ? sharedStrings(xml('xl/sharedStrings.xml')) : [];
  const rels = parts.has('xl/_rels/workbook.xml.rels')
    ? relTargets(xml('xl/_rels/workbook.xml.rels'))
    : new Map();
  const out: string[] = [];
  for (const s of sheetNames(xml('xl/workbook.xml'))) {
    const target = rels.get(s.rid) as string | undefined;
    const path = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : undefined;
    const body = path && parts.has(path) ? sheetText(xml(path), strings) : '';
    out.push(body ? `${s.name}\n${body}` : s.name);
  }
  return out.join('\n\n');
}
