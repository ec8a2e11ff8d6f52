import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { sniffMime } from './sniff.js';

/**
 * The last resort: any file no other ingestor claims is still a Document, its bytes kept as a blob,
 * with the MIME type its magic bytes (or its declared type) give. Nothing is ever dropped.
 */
export const binaryIngestor: Ingestor = {
  name: 'binary',
  mimeTypes: ['application/octet-stream'],
  extensions: [],
  score: (_c: Candidate) => 1,
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const mime = sniffMime(input.data.subarray(0, 64), input.declaredMime, input.name);
    return {
      kind: 'Document',
      mime,
      document: { filename: input.name || null, mime, text: '', language: null, metadata: {} },
      children: [],
    };
  },
};
