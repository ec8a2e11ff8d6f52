/**
 * The layout defects every JSON-lines generator plants the same way (defect numbers 5–7 of their
 * switches): trailing blank and white-space lines, a CR line ending, and the same line twice (an
 * export written twice). The importers must read past all three.
 * @example layoutDefect('{"a":1}', 6) // '{"a":1}\r'
 */
export function layoutDefect(line: string, defect: 5 | 6 | 7): string {
  if (defect === 5) return `${line}\n\n   `;
  if (defect === 6) return `${line}\r`;
  return `${line}\n${line}`;
}
