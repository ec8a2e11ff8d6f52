/**
 * Header forensics of one message, independent of the verdict (DESIGN.md "Flag"). Each flag
 * carries evidence an investigator can check by reading the headers.
 */
import { clientFormatFlags } from './client-formats.js';
import type { ReceivedHop } from './mail-time.js';
import { iso, parseMailDate } from './mail-time.js';
import { firstValue, type ParsedMessage, unfold } from './message-parse.js';
import type { ForensicFlag, SignatureEvidence } from './types.js';

/** Headers a reader sees: an extra copy outside the signature can change what is displayed. */
const SINGLETONS = ['from', 'subject', 'date', 'to', 'message-id'];
/** Headers that matter to a reader or to MIME parsing; unsigned they can be changed freely. */
const IMPORTANT = [
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'reply-to',
  'in-reply-to',
  'references',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
  'sender',
];
/** Clocks of neighbouring servers drift: a hop may look this much older than the one before it. */
const RECEIVED_SKEW_MS = 5 * 60_000;

export interface ForensicOptions {
  dateToleranceMinutes: number;
}

export function messageFlags(
  msg: ParsedMessage,
  sigs: SignatureEvidence[],
  hops: ReceivedHop[],
  opts: ForensicOptions,
): ForensicFlag[] {
  return [
    ...duplicateHeaders(msg, sigs),
    ...unsignedHeaders(msg, sigs),
    ...contentPastLimit(sigs),
    ...receivedOrder(hops),
    ...dateFarFromReceived(msg, hops, opts.dateToleranceMinutes),
    ...clientFormatFlags(msg),
  ];
}

function duplicateHeaders(msg: ParsedMessage, sigs: SignatureEvidence[]): ForensicFlag[] {
  const flags: ForensicFlag[] = [];
  for (const name of SINGLETONS) {
    const found = msg.headers.filter((h) => h.lower === name);
    if (found.length < 2) continue;
    // RFC 6376 §5.4.2: h= picks instances from the bottom; the top ones beyond that are unsigned.
    const signedCopies = Math.max(0, ...sigs.map((s) => s.signedHeaders.filter((h) => h === name).length));
    const outside = Math.max(0, found.length - signedCopies);
    flags.push({
      kind: 'duplicate-header',
      severity: outside > 0 && sigs.length ? 'high' : 'medium',
      message: `${found.length} ${found[0]?.name} headers${outside && sigs.length ? `, ${outside} not covered by any signature` : ''}: readers may see a different value than the one signed.`,
      evidence: {
        header: found[0]?.name,
        count: found.length,
        values: found.map((h) => unfold(h.value)),
        signedCopies,
        unsignedCopies: sigs.length ? outside : found.length,
      },
    });
  }
  return flags;
}

function unsignedHeaders(msg: ParsedMessage, sigs: SignatureEvidence[]): ForensicFlag[] {
  const valid = sigs.filter((s) => s.headerResult === 'pass');
  if (!valid.length) return [];
  const present = new Set(msg.headers.map((h) => h.lower));
  const missing = IMPORTANT.filter((h) => present.has(h) && !valid.some((s) => s.signedHeaders.includes(h)));
  if (!missing.length) return [];
  return [
    {
      kind: 'unsigned-header',
      severity: missing.some((h) => ['from', 'subject', 'date', 'to'].includes(h)) ? 'medium' : 'low',
      message: `Headers present but not covered by any valid signature: ${missing.join(', ')}; they could have been changed without breaking it.`,
      evidence: { headers: missing, signatures: valid.map((s) => `d=${s.domain} s=${s.selector}`) },
    },
  ];
}

function contentPastLimit(sigs: SignatureEvidence[]): ForensicFlag[] {
  return sigs
    .filter((s) => s.bytesPastLimit > 0)
    .map((s) => ({
      kind: 'content-past-l',
      severity: 'high' as const,
      message: `The signature d=${s.domain} covers ${s.bodyLength} body bytes (l=); ${s.bytesPastLimit} bytes after them are not signed and may have been added.`,
      evidence: {
        domain: s.domain,
        selector: s.selector,
        l: s.bodyLength,
        bytesPastLimit: s.bytesPastLimit,
        appendedPreview: s.bodyDiagnosis?.appendedPreview ?? null,
      },
    }));
}

function receivedOrder(hops: ReceivedHop[]): ForensicFlag[] {
  const inversions: {
    hop: number;
    at: string | null;
    laterHop: number;
    laterAt: string | null;
    minutes: number;
  }[] = [];
  const dated = hops.filter((h) => h.date !== null);
  for (let i = 1; i < dated.length; i++) {
    const above = dated[i - 1];
    const below = dated[i];
    if (!above || !below || above.date === null || below.date === null) continue;
    // Top is the latest hop: a lower (earlier) hop must not be later than the one above it.
    if (below.date - above.date > RECEIVED_SKEW_MS) {
      inversions.push({
        hop: below.hop,
        at: iso(below.date),
        laterHop: above.hop,
        laterAt: iso(above.date),
        minutes: Math.round((below.date - above.date) / 60_000),
      });
    }
  }
  if (!inversions.length) return [];
  return [
    {
      kind: 'received-out-of-order',
      severity: 'high',
      message: `The Received chain runs backwards in time at ${inversions.length} hop(s): an earlier hop is dated after a later one.`,
      evidence: {
        inversions,
        toleranceMinutes: RECEIVED_SKEW_MS / 60_000,
        hops: hops.map((h) => ({ hop: h.hop, date: iso(h.date), text: h.text.slice(0, 200) })),
      },
    },
  ];
}

function dateFarFromReceived(
  msg: ParsedMessage,
  hops: ReceivedHop[],
  toleranceMinutes: number,
): ForensicFlag[] {
  const dateRaw = firstValue(msg.headers, 'date');
  const date = parseMailDate(dateRaw);
  const first = [...hops].reverse().find((h) => h.date !== null); // the first hop is the bottom one
  if (date === null || !first || first.date === null) return [];
  const minutes = Math.round((first.date - date) / 60_000);
  if (Math.abs(minutes) <= toleranceMinutes) return [];
  return [
    {
      kind: 'date-far-from-received',
      severity: Math.abs(minutes) > 24 * 60 ? 'high' : 'medium',
      message: `The Date header is ${Math.abs(minutes)} minutes ${minutes > 0 ? 'before' : 'after'} the first Received hop (tolerance ${toleranceMinutes}).`,
      evidence: {
        date: dateRaw,
        dateUtc: iso(date),
        firstReceived: iso(first.date),
        receivedHop: first.hop,
        minutes,
        toleranceMinutes,
      },
    },
  ];
}
