import { strToU8, type Zippable, zipSync } from 'fflate';
import { isoUtc } from '../mime-util.js';
import { type DocMeta, xmlEscape as x, zipTime } from './doc-meta.js';

/**
 * Writes .docx, .xlsx and .pptx the way Office lays them out (ECMA-376 Part 2 OPC packages), with
 * docProps/core.xml and app.xml carrying the metadata investigators read. Zip timestamps are fixed
 * to the document's own modification time, so output is byte-identical for the same input.
 */
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OD = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function coreXml(m: DocMeta): string {
  // ECMA-376 Part 2 §11: dcterms dates are W3CDTF; Office writes UTC with Z.
  return `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${x(m.title)}</dc:title><dc:creator>${x(m.author)}</dc:creator><cp:lastModifiedBy>${x(m.lastModifiedBy)}</cp:lastModifiedBy><cp:revision>${m.revision}</cp:revision><dc:language>${m.language}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">${isoUtc(m.created)}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${isoUtc(m.modified)}</dcterms:modified></cp:coreProperties>`;
}

function appXml(m: DocMeta, extra: string): string {
  return `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>${m.totalEditingMinutes}</TotalTime>${extra}<Application>${x(m.application)}</Application><DocSecurity>0</DocSecurity><Company>${x(m.company)}</Company><AppVersion>${m.appVersion}</AppVersion></Properties>`;
}

function contentTypes(overrides: [string, string][]): string {
  const o = overrides.map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`).join('');
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${o}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
}

function rootRels(main: string): string {
  return `${XML}<Relationships xmlns="${REL_NS}"><Relationship Id="rId3" Type="${OD}/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="${OD}/officeDocument" Target="${main}"/></Relationships>`;
}

function pack(m: DocMeta, parts: Record<string, string>): Uint8Array {
  const mtime = zipTime(m.modified, m.offsetMin);
  const files: Zippable = {};
  for (const [name, text] of Object.entries(parts)) files[name] = [strToU8(text), { mtime }];
  return zipSync(files, { level: 6, mtime });
}

const words = (lines: string[]) => lines.join(' ').split(/\s+/).filter(Boolean).length;

/** A Word document: one paragraph per line, language on the runs (w:lang) as Word stores it. */
export function writeDocx(m: DocMeta, lines: string[]): Uint8Array {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const paras = [m.title, ...lines]
    .map(
      (l, i) =>
        `<w:p><w:r><w:rPr>${i === 0 ? '<w:b/>' : ''}<w:lang w:val="${m.language}"/></w:rPr><w:t xml:space="preserve">${x(l)}</w:t></w:r></w:p>`,
    )
    .join('');
  const chars = lines.join(' ').length;
  return pack(m, {
    '[Content_Types].xml': contentTypes([
      [
        '/word/document.xml',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      ],
      ['/word/settings.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml'],
    ]),
    '_rels/.rels': rootRels('word/document.xml'),
    'word/_rels/document.xml.rels': `${XML}<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${OD}/settings" Target="settings.xml"/></Relationships>`,
    'word/document.xml': `${XML}<w:document xmlns:w="${W}"><w:body>${paras}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
    'word/settings.xml': `${XML}<w:settings xmlns:w="${W}"><w:themeFontLang w:val="${m.language}"/></w:settings>`,
    'docProps/core.xml': coreXml(m),
    'docProps/app.xml': appXml(
      m,
      `<Pages>1</Pages><Words>${words(lines)}</Words><Characters>${chars}</Characters><Lines>${lines.length}</Lines><Paragraphs>${lines.length + 1}</Paragraphs>`,
    ),
  });
}

/** An Excel workbook with one sheet of (label, amount) rows; absPath as Excel 2013+ writes it. */
export function writeXlsx(m: DocMeta, rows: [string, number][]): Uint8Array {
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const cells = rows
    .map(
      ([label, n], i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${x(label)}</t></is></c><c r="B${i + 1}"><v>${n}</v></c></row>`,
    )
    .join('');
  const absPath = m.savedPath
    ? `<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="${x(m.savedPath)}"/></mc:Choice></mc:AlternateContent>`
    : '';
  return pack(m, {
    '[Content_Types].xml': contentTypes([
      ['/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
      [
        '/xl/worksheets/sheet1.xml',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
      ],
    ]),
    '_rels/.rels': rootRels('xl/workbook.xml'),
    'xl/_rels/workbook.xml.rels': `${XML}<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${OD}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML}<workbook xmlns="${S}" xmlns:r="${OD}"><fileVersion appName="xl" lastEdited="6" lowestEdited="6" rupBuild="14420"/>${absPath}<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/worksheets/sheet1.xml': `${XML}<worksheet xmlns="${S}"><sheetData>${cells}</sheetData></worksheet>`,
    'docProps/core.xml': coreXml(m),
    'docProps/app.xml': appXml(
      m,
      '<ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Feuilles de calcul</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>',
    ),
  });
}

/** A PowerPoint deck, one slide per line (at most six). */
export function writePptx(m: DocMeta, lines: string[]): Uint8Array {
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const slides = lines.slice(0, 6);
  const parts: Record<string, string> = {
    '[Content_Types].xml': contentTypes([
      [
        '/ppt/presentation.xml',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
      ],
      ...slides.map((_, i): [string, string] => [
        `/ppt/slides/slide${i + 1}.xml`,
        'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
      ]),
    ]),
    '_rels/.rels': rootRels('ppt/presentation.xml'),
    'ppt/_rels/presentation.xml.rels': `${XML}<Relationships xmlns="${REL_NS}">${slides.map((_, i) => `<Relationship Id="rId${i + 2}" Type="${OD}/slide" Target="slides/slide${i + 1}.xml"/>`).join('')}</Relationships>`,
    'ppt/presentation.xml': `${XML}<p:presentation xmlns:p="${P}" xmlns:r="${OD}"><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 2}"/>`).join('')}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>`,
    'docProps/core.xml': coreXml(m),
    'docProps/app.xml': appXml(
      m,
      `<PresentationFormat>Grand écran</PresentationFormat><Slides>${slides.length}</Slides>`,
    ),
  };
  slides.forEach((line, i) => {
    parts[`ppt/slides/slide${i + 1}.xml`] =
      `${XML}<p:sld xmlns:p="${P}" xmlns:a="${A}"><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="${m.language}"/><a:t>${x(line)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
  });
  return pack(m, parts);
}
