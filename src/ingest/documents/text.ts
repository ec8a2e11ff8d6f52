import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { decodeText, looksLikeText } from './charset.js';
import { documentOutput } from './record.js';

const EXT: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  xml: 'application/xml',
  ini: 'text/plain',
};

/** Plain text with charset detection ([charset.ts]); the charset found is kept as `charset`. */
export const textIngestor: Ingestor = {
  name: 'text',
  mimeTypes: Object.values(EXT),
  extensions: Object.keys(EXT),
  score(c: Candidate): number {
    if (!looksLikeText(c.head)) return 0;
    return EXT[c.ext] ? 30 : c.ext === '' ? 3 : 2;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const ext = input.name.split('.').pop()?.toLowerCase() ?? '';
    const { text, charset } = decodeText(input.data);
    return documentOutput(input, EXT[ext] ?? 'text/plain', { charset }, text);
  },
};
