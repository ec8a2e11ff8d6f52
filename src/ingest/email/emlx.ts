import type { Candidate, ChildFailure, ChildOut, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { attachmentsDir, linkStoredAttachments } from './emlx-attachments.js';
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
    // Apple Mail sometimes keeps the full message's byte count in a .partial.emlx whose
    // attachments were moved out: the message then ends where the property list starts.
    const plist = input.data.lastIndexOf('<?xml version', input.data.length, 'latin1');
    const isPlist = plist > nl && input.data.toString('latin1', plist, plist + 300).includes('<plist');
    const end = isPlist && plist < nl + 1 + count ? plist : nl + 1 + count;
    const msg = input.data.subarray(nl + 1, end);
    const shorter =
      end < nl + 1 + count
        ? [
            `.emlx byte count ${count} is larger than the message (${end - nl - 1} bytes before its property list)`,
          ]
        : [];
    let out = await parseMessage(Buffer.from(msg), input.limits);
    if (input.name.endsWith('.partial.emlx') && out.kind === 'Email') {
      const dir = attachmentsDir(input.fsPath, input.name);
      const linked = linkStoredAttachments([...(out.children as (ChildOut | ChildFailure)[])], dir);
      out = { ...out, children: linked.children, warnings: [...(out.warnings ?? []), ...linked.warnings] };
    }
    if (shorter.length) out = { ...out, warnings: [...(out.warnings ?? []), ...shorter] };
    else if (msg.length < count) {
      const why = `.emlx truncated: ${msg.length} of ${count} message bytes present`;
      throw new IngestError('truncated', why, { ...out, warnings: [...(out.warnings ?? []), why] });
    }
    return out;
  },
};
