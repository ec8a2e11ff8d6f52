import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { documentOutput, hasMagic, int } from './record.js';
import { parseRtf } from './rtf-parse.js';

/** Rich Text Format: body text and the `\info` group (RTF 1.9.1, "Information Group"). */
export const rtfIngestor: Ingestor = {
  name: 'rtf',
  mimeTypes: ['application/rtf', 'text/rtf'],
  extensions: ['rtf'],
  score: (c: Candidate) => (hasMagic(c.head, [0x7b, 0x5c, 0x72, 0x74, 0x66]) ? 60 : c.ext === 'rtf' ? 20 : 0),
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const r = parseRtf(input.data.toString('latin1'), input.limits.maxTextChars);
    const i = r.info;
    const edmins = int(i.edmins);
    return documentOutput(
      input,
      'application/rtf',
      {
        title: i.title,
        subject: i.subject,
        author: i.author,
        lastModifiedBy: i.operator,
        keywords: i.keywords,
        description: i.doccomm ?? i.comment,
        company: i.company,
        manager: i.manager,
        created: r.dates.creatim,
        modified: r.dates.revtim,
        printed: r.dates.printim,
        revision: i.version,
        totalEditingTime: edmins === undefined ? undefined : edmins * 60,
        pages: int(i.nofpages),
        words: int(i.nofwords),
        characters: int(i.nofchars),
        codepage: r.codepage,
      },
      r.text,
    );
  },
};
