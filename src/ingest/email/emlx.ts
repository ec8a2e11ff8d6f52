import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { parseMessage } from './rfc822.js';

/**
 * Apple Mail .emlx: a first line with the message's byte count, the RFC 822 message, then an XML
 * property list (flags, dates). The message is parsed; the plist stays in the original blob.
 */
export const emlxIngestor: Ingestor = {
  name: 'emlx',
  mimeTypes: [],
  extensions: ['emlx'],
  score(c: Candidate): number {
    const first = new TextDecoder('latin1').decode(c.head.subarray(0, 16)).split('\n')[0] ?? '';
    if ((c.ext === 'emlx' || c.name.endsWith('.partial.emlx')) && /^\s*\d+\s*$/.test(first)) return 80;
    if (c.ext === 'emlx') return 25;
    return 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const nl = input.data.indexOf(0x0a);
    const count = nl > 0 ? Number(input.data.toString('latin1', 0, nl).trim()) : Number.NaN;
    if (!Number.isInteger(count) || count <= 0) {
      throw new IngestError('corrupt', '.emlx file does not start with a byte count line');
    }
    const msg = input.data.subarray(nl + 1, nl + 1 + count);
    const out = await parseMessage(Buffer.from(msg), input.limits);
    if (msg.length < count) {
      const why = `.emlx truncated: ${msg.length} of ${count} message bytes present`;
      throw new IngestError('truncated', why, { ...out, warnings: [...(out.warnings ?? []), why] });
    }
    return out;
  },
};
