/**
 * Characters XML 1.0 cannot hold in any form (§2.2 Char: not even as `&#7;`): C0 controls other
 * than tab, newline and carriage return, and U+FFFE/U+FFFF. Leaked names carry them (a sender name
 * with BEL, a subject with ESC); written raw, they make a GEXF or GraphML file that Gephi refuses,
 * and they reach the terminal when the file is printed. They are written as visible escapes.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Text fit for an XML 1.0 document: forbidden characters shown as `\x07`, the rest unchanged
 * (markup escaping is the writer's job).
 * @example xmlSafe('Mallory\x07') // 'Mallory\\x07'
 */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** Every string attribute of every node and edge of a graphology graph made XML-safe, in place. */
export function xmlSafeGraph(g: {
  updateEachNodeAttributes(fn: (n: string, a: Record<string, unknown>) => Record<string, unknown>): void;
  updateEachEdgeAttributes(fn: (e: string, a: Record<string, unknown>) => Record<string, unknown>): void;
}): void {
  const clean = (_: string, a: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === 'string' ? xmlSafe(v) : v]));
  g.updateEachNodeAttributes(clean);
  g.updateEachEdgeAttributes(clean);
}
