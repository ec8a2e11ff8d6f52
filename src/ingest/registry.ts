import { bzip2Ingestor } from './archives/bzip2.js';
import { gzipIngestor } from './archives/gzip.js';
import { sevenZipIngestor } from './archives/sevenzip.js';
import { tarIngestor } from './archives/tar.js';
import { zipIngestor } from './archives/zip.js';
import { binaryIngestor } from './documents/binary.js';
import { htmlIngestor } from './documents/html.js';
import { imageIngestor } from './documents/image.js';
import { odfIngestor } from './documents/odf.js';
import { oleIngestor } from './documents/ole.js';
import { ooxmlIngestor } from './documents/ooxml.js';
import { pdfIngestor } from './documents/pdf.js';
import { rtfIngestor } from './documents/rtf.js';
import { textIngestor } from './documents/text.js';
import { emlIngestor } from './email/eml.js';
import { emlxIngestor } from './email/emlx.js';
import { mboxIngestor } from './email/mbox.js';
import { msgIngestor } from './email/msg.js';
import { pstIngestor } from './email/pst.js';
import type { Candidate, Ingestor } from './ingestor.js';

/**
 * Who handles a file: every registered ingestor scores the candidate, the highest score wins
 * (ties: first registered). Adding a format is one file and one line here.
 */
export const INGESTORS: Ingestor[] = [
  // e-mail
  emlIngestor,
  emlxIngestor,
  mboxIngestor,
  msgIngestor,
  pstIngestor,
  // archives
  zipIngestor,
  tarIngestor,
  gzipIngestor,
  bzip2Ingestor,
  sevenZipIngestor,
  // documents
  ooxmlIngestor,
  odfIngestor,
  oleIngestor,
  pdfIngestor,
  imageIngestor,
  rtfIngestor,
  htmlIngestor,
  textIngestor,
  binaryIngestor,
];

export function register(ing: Ingestor): void {
  if (!INGESTORS.includes(ing)) INGESTORS.splice(INGESTORS.length - 1, 0, ing);
}

export function chooseIngestor(c: Candidate): Ingestor {
  let best: Ingestor | undefined;
  let bestScore = 0;
  for (const ing of INGESTORS) {
    let s = 0;
    try {
      s = ing.score(c);
    } catch {
      s = 0;
    }
    if (s > bestScore) {
      best = ing;
      bestScore = s;
    }
  }
  return best ?? binaryIngestor;
}

export function extOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i + 1).toLowerCase() : '';
}
