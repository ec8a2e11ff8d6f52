import { strToU8, zipSync } from 'fflate';

/**
 * Writers for OOXML and ODF test files (ECMA-376, ODF 1.2) built with fflate: every field set to a
 * known value, so the ingestors' output can be compared with the truth field by field.
 */
export interface OfficeSpec {
  title?: string;
  subject?: string;
  author?: string;
  lastModifiedBy?: string;
  created?: string; // W3CDTF as written
  modified?: string;
  application?: string;
  appVersion?: string;
  company?: string;
  manager?: string;
  template?: string;
  templatePath?: string;
  totalMinutes?: number;
  language?: string;
  custom?: Record<string, string | number | boolean>;
  paragraphs?: string[];
  /** Extra raw XML inserted at the start of docProps/core.xml (DTD attacks). */
  corePrefix?: string;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (tag: string, v: string | number | undefined, attrs = '') =>
  v === undefined ? '' : `<${tag}${attrs}>${esc(String(v))}</${tag}>`;

function core(s: OfficeSpec): string {
  const w3 = ' xsi:type="dcterms:W3CDTF"';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s.corePrefix ?? ''}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${el('dc:title', s.title)}${el('dc:subject', s.subject)}${el('dc:creator', s.author)}${el('cp:lastModifiedBy', s.lastModifiedBy)}${el('dc:language', s.language)}${el('dcterms:created', s.created, w3)}${el('dcterms:modified', s.modified, w3)}</cp:coreProperties>`;
}

function app(s: OfficeSpec): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${el('Template', s.template)}${el('TotalTime', s.totalMinutes)}${el('Application', s.application)}${el('Company', s.company)}${el('Manager', s.manager)}${el('AppVersion', s.appVersion)}</Properties>`;
}

function custom(c: Record<string, string | number | boolean>): string {
  const props = Object.entries(c).map(([k, v], i) => {
    const t = typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'i4' : 'lpwstr';
    return `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${esc(k)}"><vt:${t}>${esc(String(v))}</vt:${t}></property>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${props.join('')}</Properties>`;
}

const CT =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

function pkg(files: Record<string, string>): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) entries[k] = strToU8(v);
  return Buffer.from(zipSync(entries, { level: 6 }));
}

function props(s: OfficeSpec): Record<string, string> {
  return {
    '[Content_Types].xml': CT,
    'docProps/core.xml': core(s),
    'docProps/app.xml': app(s),
    ...(s.custom ? { 'docProps/custom.xml': custom(s.custom) } : {}),
  };
}

export function makeDocx(s: OfficeSpec): Buffer {
  const lang = s.language
    ? `<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="${s.language}"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>`
    : '<w:styles xmlns:w="w"/>';
  const body = (s.paragraphs ?? [])
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`)
    .join('');
  const files: Record<string, string> = {
    ...props(s),
    'word/document.xml': `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    'word/styles.xml': lang,
  };
  if (s.templatePath) {
    files['word/_rels/settings.xml.rels'] =
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///${esc(s.templatePath)}" TargetMode="External"/></Relationships>`;
  }
  return pkg(files);
}

export function makeXlsx(s: OfficeSpec, sheets: { name: string; rows: string[][] }[]): Buffer {
  const strings: string[] = [];
  const idx = (v: string) => (strings.includes(v) ? strings.indexOf(v) : strings.push(v) - 1);
  const files: Record<string, string> = { ...props(s) };
  const rels: string[] = [];
  sheets.forEach((sh, i) => {
    const rows = sh.rows.map(
      (r, ri) =>
        `<row r="${ri + 1}">${r.map((c) => (/^-?\d+(\.\d+)?$/.test(c) ? `<c><v>${c}</v></c>` : `<c t="s"><v>${idx(c)}</v></c>`)).join('')}</row>`,
    );
    files[`xl/worksheets/sheet${i + 1}.xml`] =
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
    rels.push(
      `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    );
  });
  files['xl/workbook.xml'] =
    `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((sh, i) => `<sheet name="${esc(sh.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  files['xl/_rels/workbook.xml.rels'] =
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
  files['xl/sharedStrings.xml'] =
    `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings.map((t) => `<si><t>${esc(t)}</t></si>`).join('')}</sst>`;
  return pkg(files);
}

export function makePptx(s: OfficeSpec, slides: string[], notes: string[] = []): Buffer {
  const files: Record<string, string> = { ...props(s) };
  const sp = (t: string) =>
    `<p:sp><p:txBody><a:p><a:r><a:rPr lang="${s.language ?? 'en-US'}"/><a:t>${esc(t)}</a:t></a:r></a:p></p:txBody></p:sp>`;
  const ns =
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
  slides.forEach((t, i) => {
    files[`ppt/slides/slide${i + 1}.xml`] =
      `<?xml version="1.0"?><p:sld ${ns}><p:cSld><p:spTree>${sp(t)}</p:spTree></p:cSld></p:sld>`;
  });
  notes.forEach((t, i) => {
    files[`ppt/notesSlides/notesSlide${i + 1}.xml`] =
      `<?xml version="1.0"?><p:notes ${ns}><p:cSld><p:spTree>${sp(t)}</p:spTree></p:cSld></p:notes>`;
  });
  return pkg(files);
}

/** ODF text document; `generator` like `LibreOffice/7.4.7.2$Linux_X86_64`. */
export function makeOdt(
  s: OfficeSpec & { generator?: string; editingCycles?: number; editingDuration?: string },
): Buffer {
  const meta = `<?xml version="1.0" encoding="UTF-8"?>\n${s.corePrefix ?? ''}<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>${el('meta:generator', s.generator)}${el('dc:title', s.title)}${el('dc:subject', s.subject)}${el('meta:initial-creator', s.author)}${el('dc:creator', s.lastModifiedBy)}${el('meta:creation-date', s.created)}${el('dc:date', s.modified)}${el('dc:language', s.language)}${el('meta:editing-cycles', s.editingCycles)}${el('meta:editing-duration', s.editingDuration)}${Object.entries(
    s.custom ?? {},
  )
    .map(
      ([k, v]) =>
        `<meta:user-defined meta:name="${esc(k)}"${typeof v === 'number' ? ' meta:value-type="float"' : ''}>${esc(String(v))}</meta:user-defined>`,
    )
    .join('')}</office:meta></office:document-meta>`;
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>${(s.paragraphs ?? []).map((p) => `<text:p>${esc(p)}</text:p>`).join('')}</office:text></office:body></office:document-content>`;
  // ODF 1.2 Part 3 §3.3: `mimetype` first and stored uncompressed.
  return Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'meta.xml': strToU8(meta),
      'content.xml': strToU8(content),
    }),
  );
}
