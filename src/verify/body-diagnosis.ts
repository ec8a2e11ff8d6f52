/**
 * Why a body hash fails. Many failures are benign: a server re-encoded 8-bit text as
 * quoted-printable or base64, or touched whitespace; a list appended a footer. Each known
 * transformation is undone and the hash recomputed: a match proves what happened. When nothing
 * matches, the content was changed, and the text parts as they are now are listed.
 */

import { createHash } from 'node:crypto';
import { canonBody } from './canon.js';
import type { BodyHasher } from './dkim.js';
import type { DkimSignature } from './dkim-signature.js';
import { firstValue, type ParsedMessage } from './message-parse.js';
import {
  boundaryOf,
  decodeTransfer,
  joinMultipart,
  mediaType,
  parsePart,
  splitMultipart,
} from './mime-parts.js';
import type { BodyDiagnosis } from './types.js';

/** How far back from the end a footer is searched for (lines), to bound the work. */
const MAX_FOOTER_LINES = 400;

/** The signed l= bytes match and more follow: what was added after them (RFC 6376 §8.2). */
export function pastLimit(sig: DkimSignature, hasher: BodyHasher): BodyDiagnosis {
  const appended = hasher.canonical(sig.bodyCanon).slice(sig.bodyLength ?? 0);
  return {
    diagnosis: 'content-appended',
    transformation: 'past the l= limit',
    appendedBytes: appended.length,
    appendedPreview: preview(appended),
  };
}

export function diagnoseBody(msg: ParsedMessage, sig: DkimSignature, hasher: BodyHasher): BodyDiagnosis {
  const matches = (body: string) => hashOf(canonBody(body, sig.bodyCanon), sig) === sig.bodyHash;
  for (const [name, body] of candidates(msg)) {
    if (body !== null && matches(body)) return { diagnosis: 're-encoded-in-transit', transformation: name };
  }
  const partAdded = appendedPart(msg);
  if (partAdded && matches(partAdded.body)) {
    return {
      diagnosis: 'content-appended',
      transformation: 'MIME part appended',
      appendedBytes: partAdded.removed.length,
      appendedPreview: preview(partAdded.removed),
    };
  }
  const canonical = hasher.canonical(sig.bodyCanon);
  const prefix = signedPrefix(canonical, sig);
  if (prefix !== null) {
    const appended = canonical.slice(prefix);
    return {
      diagnosis: 'content-appended',
      transformation: null,
      appendedBytes: appended.length,
      appendedPreview: preview(appended),
    };
  }
  return { diagnosis: 'content-changed', transformation: null, parts: textParts(msg) };
}

function hashOf(canonical: string, sig: DkimSignature): string {
  const data = sig.bodyLength === null ? canonical : canonical.slice(0, sig.bodyLength);
  return createHash(sig.hashAlgo).update(data, 'latin1').digest('base64');
}

/** Bodies the signer may have seen, each named by the transformation it undoes. */
function candidates(msg: ParsedMessage): [string, string | null][] {
  const ct = firstValue(msg.headers, 'content-type');
  const cte = (firstValue(msg.headers, 'content-transfer-encoding') ?? '').toLowerCase();
  const out: [string, string | null][] = [
    // Simple canonicalisation keeps whitespace: a server that padded or trimmed line ends breaks it.
    ['trailing whitespace changed', msg.body.replace(/[ \t]+\r\n/g, '\r\n')],
    ['whitespace changed', msg.body.replace(/[ \t]+/g, ' ').replace(/ \r\n/g, '\r\n')],
    [`${cte} decoded to 8bit`, decodeTransfer(msg.body, cte)],
  ];
  const boundary = mediaType(ct).startsWith('multipart/') ? boundaryOf(ct) : null;
  if (boundary) {
    out.push(['MIME parts re-encoded (decoded to 8bit)', decodeParts(msg.body, boundary, true)]);
    out.push(['MIME part bodies re-encoded', decodeParts(msg.body, boundary, false)]);
  }
  return out;
}

/** The multipart body with each qp/base64 part decoded (and its CTE header put back to 8bit). */
function decodeParts(body: string, boundary: string, rewriteHeader: boolean): string | null {
  const split = splitMultipart(body, boundary);
  if (!split) return null;
  let changed = false;
  const parts = split.parts.map((text) => {
    const part = parsePart(text);
    const decoded = decodeTransfer(part.body, part.encoding);
    if (decoded === null || !mediaType(part.contentType).startsWith('text/')) return text;
    changed = true;
    const head = rewriteHeader
      ? part.head.replace(/(Content-Transfer-Encoding:[ \t]*)[^\r\n]+/i, '$18bit')
      : part.head;
    return `${head}\r\n\r\n${decoded}`;
  });
  if (!changed) return null;
  return joinMultipart(body, boundary, split, parts);
}

/** The multipart body without its last part: lists append their footer as a MIME part. */
function appendedPart(msg: ParsedMessage): { body: string; removed: string } | null {
  const ct = firstValue(msg.headers, 'content-type');
  const boundary = mediaType(ct).startsWith('multipart/') ? boundaryOf(ct) : null;
  const split = boundary ? splitMultipart(msg.body, boundary) : null;
  if (!boundary || !split || split.parts.length < 2) return null;
  const body = joinMultipart(msg.body, boundary, split, split.parts.slice(0, -1));
  return { body, removed: split.parts[split.parts.length - 1] ?? '' };
}

/** Length of the longest line-boundary prefix of the canonical body that hashes to bh= (a footer was appended). */
function signedPrefix(canonical: string, sig: DkimSignature): number | null {
  if (sig.bodyLength !== null) return null;
  const ends: number[] = [];
  let i = canonical.lastIndexOf('\r\n', canonical.length - 3);
  while (i >= 0 && ends.length < MAX_FOOTER_LINES) {
    ends.push(i + 2);
    i = i > 0 ? canonical.lastIndexOf('\r\n', i - 1) : -1;
  }
  ends.reverse();
  const first = ends[0];
  if (first === undefined) return null;
  const h = createHash(sig.hashAlgo).update(canonical.slice(0, first), 'latin1');
  let at = first;
  for (const end of ends) {
    h.update(canonical.slice(at, end), 'latin1');
    at = end;
    if (end < canonical.length && h.copy().digest('base64') === sig.bodyHash) return end;
  }
  return null;
}

function textParts(msg: ParsedMessage): NonNullable<BodyDiagnosis['parts']> {
  const ct = firstValue(msg.headers, 'content-type');
  const boundary = mediaType(ct).startsWith('multipart/') ? boundaryOf(ct) : null;
  const split = boundary ? splitMultipart(msg.body, boundary) : null;
  const parts = split
    ? split.parts.map(parsePart)
    : [parsePart(`Content-Type: ${ct ?? 'text/plain'}\r\n\r\n${msg.body}`)];
  return parts
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => mediaType(p.contentType).startsWith('text/'))
    .map(({ p, index }) => {
      const text = decodeTransfer(p.body, p.encoding) ?? p.body;
      return { index, contentType: mediaType(p.contentType), bytes: text.length, preview: preview(text) };
    });
}

function preview(latin1: string): string {
  return Buffer.from(latin1.slice(0, 400), 'latin1')
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}
