/**
 * Minimal, safe reading of the small, flat XML parts of office files (docProps/core.xml, app.xml,
 * custom.xml, ODF meta.xml) and fast text extraction from their body parts.
 *
 * Why not a general XML parser: these parts never legitimately carry a DTD (ECMA-376 Part 2 §8.1
 * and ODF 1.2 Part 3 forbid none, but no producer writes one), and a DTD is exactly what the
 * "billion laughs" expansion and external-entity (XXE) attacks need. So any part that declares a
 * DTD is refused before reading, and only the five predefined entities and numeric character
 * references (XML 1.0 §4.6, §4.1) are ever decoded: nothing is expanded, nothing is fetched.
 */

/** Thrown when a part declares a DTD; the ingestor records it as a warning or failure. */
export class UnsafeXmlError extends Error {
  constructor(readonly part: string) {
    super(`${part} declares a DTD (entity expansion / external entity attack); not read`);
    this.name = 'UnsafeXmlError';
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** @example decodeXml('a &amp; b &#x41;') // 'a & b A' */
export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return PREDEFINED[e] ?? m;
  });
}

/** Refuses a part that declares a DTD. */
export function assertNoDtd(xml: string, part: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new UnsafeXmlError(part);
}

/**
 * Leaf elements of a flat XML part, by local name (namespace prefix dropped); the first
 * occurrence wins. CDATA is kept verbatim.
 * @example flatElements('<cp:coreProperties><dc:creator>Ann</dc:creator></cp:coreProperties>') // {creator:'Ann'}
 */
export function flatElements(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<(?:([\w.-]+):)?([\w.-]+)(?:\s[^>]*)?>([^<]*|<!\[CDATA\[[\s\S]*?\]\]>)<\/(?:[\w.-]+:)?\2>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const name = m[2] ?? '';
    if (name in out) continue;
    const raw = m[3] ?? '';
    out[name] = raw.startsWith('<![CDATA[') ? raw.slice(9, -3) : decodeXml(raw);
  }
  return out;
}

/** Value of attribute `name` in a start tag's text. */
export function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return undefined;
  return decodeXml(m[2] ?? m[3] ?? '');
}

/**
 * Text runs of a body part: the content of every `<prefix:textTag>` element, joined, with a line
 * break after each element whose local name is in `breaks` (paragraphs, rows, slides).
 * @example bodyText('<w:p><w:r><w:t>Hi</w:t></w:r></w:p>', ['t'], ['p']) // 'Hi'
 */
export function bodyText(xml: string, textTags: string[], breaks: string[], tabs: string[] = []): string {
  const parts: string[] = [];
  const re = /<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s[^>]*?)?)(\/?)>([^<]*)/g;
  const t = new Set(textTags);
  const b = new Set(breaks);
  const tb = new Set(tabs);
  let inText = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const closing = m[1] === '/';
    const name = m[2] ?? '';
    const selfClosing = m[4] === '/';
    if (t.has(name) && !selfClosing) inText += closing ? -1 : 1;
    if (closing && b.has(name)) parts.push('\n');
    else if (closing && tb.has(name)) parts.push('\t');
    else if (!closing && selfClosing && (name === 'tab' || name === 's'))
      parts.push(name === 'tab' ? '\t' : ' ');
    else if (!closing && selfClosing && (name === 'br' || name === 'line-break')) parts.push('\n');
    const txt = m[5] ?? '';
    if (inText > 0 && txt) parts.push(decodeXml(txt));
  }
  return tidy(parts.join(''));
}

/** Collapses runs of blank lines and trailing spaces. */
export function tidy(s: string): string {
  return s
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
