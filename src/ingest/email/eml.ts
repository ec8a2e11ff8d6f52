import type { Candidate, Ingestor } from '../ingestor.js';
import { looksLikeRfc822 } from './headers.js';
import { parseMessage } from './rfc822.js';

/** Single RFC 822 messages: .eml, maildir entries and extension-less files recognised by content. */
export const emlIngestor: Ingestor = {
  name: 'eml',
  mimeTypes: ['message/rfc822'],
  extensions: ['eml', 'msg822', 'mht'],
  score(c: Candidate): number {
    if (looksLikeRfc822(c.head)) return 60;
    if (c.declaredMime === 'message/rfc822') return 40;
    if (c.ext === 'eml') return 30; // named .eml but not shaped like one: we still try, and fail clearly
    return 0;
  },
  ingest: (input) => parseMessage(input.data, input.limits),
};
