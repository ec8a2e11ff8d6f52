/**
 * DKIM verification of one signature against every archived key for its selector (RFC 6376 §6).
 * Written here rather than taken from mailauth because an investigation needs what a mail server
 * does not: the header result even when the body hash fails (to tell "body altered" from
 * "forged"), every rotated key tried, keys under 1024 bits evaluated (and reported weak), and the
 * bytes appended past an l= limit measured.
 */
import { createHash, verify as cryptoVerify } from 'node:crypto';
import { canonBody, canonHeader } from './canon.js';
import { type DkimSignature, signedHeaderData } from './dkim-signature.js';
import { type ParsedKey, parseKeyRecord } from './key-record.js';
import type { HeaderField } from './message-parse.js';
import type { BodyResult, HeaderResult, KeyCandidate, KeySourceInfo } from './types.js';

/** Hashes of canonical bodies, shared by the signatures of one message. */
export class BodyHasher {
  private canon = new Map<string, string>();
  constructor(private readonly body: string) {}

  canonical(mode: 'simple' | 'relaxed'): string {
    let c = this.canon.get(mode);
    if (c === undefined) {
      c = canonBody(this.body, mode);
      this.canon.set(mode, c);
    }
    return c;
  }

  hash(mode: 'simple' | 'relaxed', algo: string, limit: number | null): string {
    const c = this.canonical(mode);
    const data = limit === null ? c : c.slice(0, limit);
    return createHash(algo).update(data, 'latin1').digest('base64');
  }
}

export interface SignatureCheck {
  headerResult: HeaderResult;
  bodyResult: BodyResult;
  key: ParsedKey | null;
  candidate: KeyCandidate | null;
  keyError: string | null;
  keysTried: number;
  bytesPastLimit: number;
  canonicalBodyLength: number;
}

/**
 * Checks one parsed signature. `candidates` should already be ordered, best first (see
 * `orderCandidates`); the first key that verifies the header signature wins.
 */
export function checkSignature(
  sig: DkimSignature,
  headers: HeaderField[],
  body: BodyHasher,
  candidates: KeyCandidate[],
): SignatureCheck {
  const canonLength = body.canonical(sig.bodyCanon).length;
  const base: SignatureCheck = {
    headerResult: 'invalid',
    bodyResult: 'not-checked',
    key: null,
    candidate: null,
    keyError: null,
    keysTried: 0,
    bytesPastLimit: 0,
    canonicalBodyLength: canonLength,
  };
  if (sig.problem) return base;
  // RFC 6376 §6.1.3: a body shorter than l= cannot match; the text was cut after signing.
  const truncated = sig.bodyLength !== null && sig.bodyLength > canonLength;
  const bodyResult: BodyResult =
    !truncated && body.hash(sig.bodyCanon, sig.hashAlgo, sig.bodyLength) === sig.bodyHash ? 'pass' : 'fail';
  const bytesPastLimit = sig.bodyLength === null || truncated ? 0 : canonLength - sig.bodyLength;
  const data = Buffer.from(signedHeaderData(sig, headers, canonHeader), 'latin1');
  const keyRes = tryKeys(sig, data, candidates);
  return { ...base, ...keyRes, bodyResult, bytesPastLimit };
}

function tryKeys(
  sig: DkimSignature,
  data: Buffer,
  candidates: KeyCandidate[],
): Pick<SignatureCheck, 'headerResult' | 'key' | 'candidate' | 'keyError' | 'keysTried'> {
  let firstUsable: { key: ParsedKey; candidate: KeyCandidate } | null = null;
  let keyError: string | null = candidates.length ? null : 'no key in archive';
  let tried = 0;
  for (const candidate of candidates) {
    tried++;
    const key = parseKeyRecord(candidate.record);
    if (!key.ok) {
      keyError ??= key.error;
      continue;
    }
    if (key.type !== sig.signAlgo) {
      keyError ??= `key type ${key.type} does not match a=${sig.algorithm}`;
      continue;
    }
    if (key.hashes.length && !key.hashes.includes(sig.hashAlgo)) {
      keyError ??= `key h= does not allow ${sig.hashAlgo}`;
      continue;
    }
    firstUsable ??= { key, candidate };
    if (verifyHeaderData(sig, data, key))
      return { headerResult: 'pass', key, candidate, keyError: null, keysTried: tried };
  }
  if (firstUsable) return { headerResult: 'fail', ...firstUsable, keyError: null, keysTried: tried };
  return { headerResult: 'no-key', key: null, candidate: null, keyError, keysTried: tried };
}

/** Does `key` verify the signature over this header data? (Used again by header-diagnosis.ts.) */
export function verifyHeaderData(sig: DkimSignature, data: Buffer, key: ParsedKey): boolean {
  try {
    // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the canonical header data, not the data.
    if (key.type === 'ed25519') {
      return cryptoVerify(null, createHash('sha256').update(data).digest(), key.key, sig.signature);
    }
    return cryptoVerify(sig.hashAlgo === 'sha1' ? 'RSA-SHA1' : 'RSA-SHA256', data, key.key, sig.signature);
  } catch {
    return false;
  }
}

/** Keys known to be valid at the message's time first, then the rest in archive order. */
export function orderCandidates(candidates: KeyCandidate[], asOf: number | null): KeyCandidate[] {
  if (asOf === null || candidates.length < 2) return candidates;
  const rank = (c: KeyCandidate) => (keyWindow(c, asOf) === 'within' ? 0 : 1);
  return [...candidates].sort((a, b) => rank(a) - rank(b));
}

export function keyWindow(c: KeyCandidate, asOf: number | null): KeySourceInfo['window'] {
  const first = c.firstSeen ? Date.parse(c.firstSeen) : Number.NaN;
  const last = c.lastSeen ? Date.parse(c.lastSeen) : Number.NaN;
  if (asOf === null || (Number.isNaN(first) && Number.isNaN(last))) return 'unknown';
  if (!Number.isNaN(first) && asOf < first) return 'before-first-seen';
  if (!Number.isNaN(last) && asOf > last) return 'after-last-seen';
  return 'within';
}

export function keySourceInfo(c: KeyCandidate, asOf: number | null): KeySourceInfo {
  return {
    kind: c.kind,
    source: c.source,
    firstSeen: c.firstSeen ?? null,
    lastSeen: c.lastSeen ?? null,
    fetchedAt: c.fetchedAt ?? null,
    window: keyWindow(c, asOf),
  };
}
