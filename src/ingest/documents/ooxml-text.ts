import { attr, bodyText, decodeXml, tidy } from './xml.js';

/**
 * Text of OOXML body parts (ECMA-376 Part 1): WordprocessingML runs `<w:t>` in paragraphs
 * `<w:p>`; DrawingML runs `<a:t>` in `<a:p>` for slides and notes; SpreadsheetML cells `<c>`
 * whose value is an index into the shared-string table when `t="s"` (§18.3.1.4).
 */
export function wordText(xml: string): string {
  return bodyText(xml, ['t'], ['p'], ['tc']);
}

export function drawingText(xml: string): string {
  return bodyText(xml, ['t'], ['p']);
}

/** Shared strings: each `<si>` is one string made of its `<t>` runs (rich text keeps runs). */
export function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<(?:\w+:)?si\b[^>]*>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\s*\/>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const inner = m[1] ?? '';
    // Phonetic runs (<rPh>) repeat the text in kana; they are not part of the cell value.
    const runs = inner.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
    let s = '';
    const t = /<(?:\w+:)?t\b[^>]*>([^<]*)<\/(?:\w+:)?t>/g;
    for (let r = t.exec(runs); r; r = t.exec(runs)) s += decodeXml(r[1] ?? '');
    out.push(s);
  }
  return out;
}

/** Sheet names in workbook order, with the relationship id of each sheet part. */
export function sheetNames(workbookXml: string): { name: string; rid: string }[] {
  const out: { name: string; rid: string }[] = [];
  const re = /<(?:\w+:)?sheet\b[^>]*>/g;
  for (let m = re.exec(workbookXml); m; m = re.exec(workbookXml)) {
    out.push({ name: attr(m[0], 'name') ?? '', rid: attr(m[0], 'r:id') ?? '' });
  }
  return out;
}

/** Relationship id → target, from a `.rels` part. */
export function relTargets(relsXml: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<Relationship\b[^>]*>/g;
  for (let m = re.exec(relsXml); m; m = re.exec(relsXml)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) out.set(id, target);
  }
  return out;
}

/** Cells of one worksheet as tab-separated rows; shared-string cells resolved. */
export function sheetText(xml: string, strings: string[]): string {
  const rows: string[] = [];
  const rowRe = /<(?:\w+:)?row\b[^>]*>([\s\S]*?)<\/(?:\w+:)?row>/g;
  const cellRe = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
  for (let r = rowRe.exec(xml); r; r = rowRe.exec(xml)) {
    const cells: string[] = [];
    const body = r[1] ?? '';
    for (let c = cellRe.exec(body); c; c = cellRe.exec(body)) {
      const v = cellValue(c[1] ?? '', c[2] ?? '', strings);
      if (v !== '') cells.push(v);
    }
    if (cells.length) rows.push(cells.join('\t'));
  }
  return tidy(rows.join('\n'));
}

function cellValue(attrs: string, inner: string, strings: string[]): string {
  const type = attr(attrs, 't');
  if (type === 'inlineStr') return bodyText(inner, ['t'], []);
  const v = /<(?:\w+:)?v>([^<]*)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  if (v === undefined) return '';
  if (type === 's') return strings[Number(v)] ?? '';
  return decodeXml(v);
}

/** Orders `ppt/slides/slide10.xml` after `slide9.xml`. */
export function byNumber(a: string, b: string): number {
  const n = (s: string) => Number(/(\d+)\.xml$/.exec(s)?.[1] ?? 0);
  return n(a) - n(b) || a.localeCompare(b);
}

/**
 * Language tags the editor applied (`<w:lang w:val="ru-RU">`, DrawingML `lang="fr-FR"`), most
 * frequent first. Word writes the application's default language into styles.xml docDefaults, so
 * this is where an Office "set to ru-RU" shows.
 */
export function languageTags(xmls: string[]): string[] {
  const counts = new Map<string, number>();
  const re = /\s(?:w:val|lang|w:eastAsia|w:bidi)="([a-z]{2,3}-[A-Z]{2})"/g;
  for (const xml of xmls) {
    for (let m = re.exec(xml); m; m = re.exec(xml)) {
      const tag = m[1] ?? '';
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
}
