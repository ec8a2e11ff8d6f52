/** Hand-written PDFs (ISO 32000-1 §7.5: header, objects, xref table, trailer) for the page-tree bounds. */
function assemble(objs: string[]): Buffer {
  const parts: string[] = ['%PDF-1.4\n'];
  let len = parts[0]!.length;
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(len);
    const s = `${i + 1} 0 obj\n${o}\nendobj\n`;
    parts.push(s);
    len += s.length;
  });
  parts.push(`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`);
  for (const o of offs) parts.push(`${String(o).padStart(10, '0')} 00000 n \n`);
  parts.push(`trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${len}\n%%EOF\n`);
  return Buffer.from(parts.join(''), 'latin1');
}

const PAGE = (parent: number, text: string) =>
  `<< /Type /Page /Parent ${parent} 0 R /MediaBox [0 0 200 200] /Contents ${text} /Resources << /Font << /F1 4 0 R >> >> >>`;
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const stream = (s: string) => `<< /Length ${s.length} >>\nstream\n${s}\nendstream`;

/** An ordinary one-page PDF saying `text`. */
export function ordinaryPdf(text: string): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    PAGE(2, '5 0 R'),
    FONT,
    stream(`BT /F1 12 Tf 20 100 Td (${text}) Tj ET`),
  ]);
}

/** Issue #18: a page tree whose /Kids lists one page object `n` times (about 600 KB for 100,000). */
export function repeatedKidsPdf(n: number): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${'3 0 R '.repeat(n)}] /Count ${n} >>`,
    PAGE(2, '5 0 R'),
    FONT,
    stream('BT /F1 12 Tf 20 100 Td (same page) Tj ET'),
  ]);
}

/** A page tree whose intermediate node lists its own parent among its kids (a cycle). */
export function cyclicPagesPdf(): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 3 >>',
    PAGE(2, '5 0 R'),
    FONT,
    stream('BT /F1 12 Tf 20 100 Td (first page) Tj ET'),
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 2 >>',
  ]);
}

/** `n` distinct, empty pages: legitimate structure, only long to read (for the time budget). */
export function manyPagesPdf(n: number): Buffer {
  const kids: string[] = [];
  const pages: string[] = [];
  for (let i = 0; i < n; i++) {
    kids.push(`${5 + i} 0 R`);
    pages.push(PAGE(2, '4 0 R'));
  }
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${n} >>`,
    FONT,
    stream('BT /F1 12 Tf 20 100 Td (page) Tj ET'),
    ...pages,
  ]);
}
