/**
 * `verifyMessage`: the verdict, per-signature evidence, ARC result and header-forensic flags of
 * one raw message. Pure apart from the DNS lookups it is explicitly allowed to make (`dns: true`).
 */
import { aligned, fromDomain } from './alignment.js';
import { archiveResolver, NO_ARC, verifyArc } from './arc.js';
import { diagnoseBody, pastLimit } from './body-diagnosis.js';
import { BodyHasher, checkSignature, keySourceInfo, orderCandidates } from './dkim.js';
import { type DkimSignature, parseSignature } from './dkim-signature.js';
import { diagnoseHeaders } from './header-diagnosis.js';
import { messageFlags } from './header-forensics.js';
import { iso, receivedHops, trustedReceivedTime } from './mail-time.js';
import { lastValue, type ParsedMessage, parseMessage } from './message-parse.js';
import { diagnosedHeaderFlag } from './signed-headers.js';
import type {
  KeyCandidate,
  KeyLookup,
  MessageVerification,
  SignatureEvidence,
  TxtResolver,
} from './types.js';
import { messageVerdict, signatureVerdict, verdictReason } from './verdict.js';
import { splitKeyName } from './zone-parse.js';

export interface VerifyOptions {
  keys: KeyLookup;
  /** Allow live DNS lookups for selectors missing from the archive (the user passed --dns). */
  dns?: boolean;
  /** The resolver used when dns is true (default node:dns/promises, loaded only then). */
  resolver?: TxtResolver;
  /** Date vs first Received tolerance for `date-far-from-received` (default 120 minutes). */
  dateToleranceMinutes?: number;
}

/**
 * @example
 * const keys = memoryKeys(parseKeyFile(zoneText, 'keys.zone').keys);
 * const v = await verifyMessage(readFileSync('msg.eml'), { keys });
 * v.verdict // 'verified'
 */
export async function verifyMessage(raw: Buffer, opts: VerifyOptions): Promise<MessageVerification> {
  const msg = parseMessage(raw);
  const hops = receivedHops(msg.headers);
  const receivedAt = trustedReceivedTime(hops);
  // Alignment uses the bottom-most From: the instance h= covers (RFC 6376 §5.4.2). An extra From
  // above it is what a reader may see, and is flagged as duplicate-header.
  const fromDom = fromDomain(lastValue(msg.headers, 'from'));
  const hasher = new BodyHasher(msg.body);
  const fetchedKeys: KeyCandidate[] = [];
  const live = opts.dns ? (opts.resolver ?? (await defaultResolver())) : undefined;
  const signatures: SignatureEvidence[] = [];
  for (const field of msg.headers.filter((h) => h.lower === 'dkim-signature')) {
    const sig = parseSignature(field);
    const asOf = sig.timestamp !== null ? sig.timestamp * 1000 : receivedAt;
    let candidates = opts.keys.candidates(sig.domain, sig.selector);
    if (!candidates.length && live && !sig.problem) {
      candidates = await lookupLive(live, sig);
      fetchedKeys.push(...candidates);
    }
    signatures.push(evidenceOf(sig, msg, hasher, orderCandidates(candidates, asOf), asOf, fromDom));
  }
  const { verdict, basis } = messageVerdict(signatures);
  const firstT = signatures.find((s) => s.signedAt)?.signedAt ?? null;
  const hasArc = msg.headers.some((h) => h.lower.startsWith('arc-'));
  // ARC seals are judged at the message's time too (mailauth would otherwise use today's clock for x=).
  const clock = firstT ? Date.parse(firstT) : receivedAt;
  const arcResolver = archiveResolver(opts.keys, live && recording(live, fetchedKeys));
  const arc = hasArc
    ? await verifyArc(raw, arcResolver, clock === null ? undefined : new Date(clock))
    : NO_ARC;
  return {
    verdict,
    reason: verdictReason(verdict, basis),
    signatures,
    arc,
    asOf: firstT ?? iso(receivedAt),
    asOfSource: firstT ? 't=' : receivedAt !== null ? 'received' : null,
    flags: [
      ...messageFlags(msg, signatures, hops, { dateToleranceMinutes: opts.dateToleranceMinutes ?? 120 }),
      ...[diagnosedHeaderFlag(signatures)].filter((f) => f !== null),
    ],
    fetchedKeys,
  };
}

function evidenceOf(
  sig: DkimSignature,
  msg: ParsedMessage,
  hasher: BodyHasher,
  candidates: KeyCandidate[],
  asOf: number | null,
  fromDom: string | null,
): SignatureEvidence {
  const check = checkSignature(sig, msg.headers, hasher, candidates);
  const expires = sig.expiration !== null ? sig.expiration * 1000 : null;
  const e: Omit<SignatureEvidence, 'verdict'> = {
    domain: sig.domain,
    selector: sig.selector,
    algorithm: sig.algorithm,
    canonicalization: `${sig.headerCanon}/${sig.bodyCanon}`,
    bodyLength: sig.bodyLength,
    signedHeaders: sig.signedHeaders,
    signedAt: sig.timestamp !== null ? iso(sig.timestamp * 1000) : null,
    expires: iso(expires),
    expiredAtMessageTime: expires !== null && asOf !== null && expires < asOf,
    keyType: check.key?.type ?? null,
    keyBits: check.key?.bits ?? null,
    keySource: check.candidate ? keySourceInfo(check.candidate, asOf) : null,
    keyError: check.keyError,
    keysTried: check.keysTried,
    headerResult: check.headerResult,
    bodyResult: check.bodyResult,
    aligned: aligned(fromDom, sig.domain),
    bytesPastLimit: check.bytesPastLimit,
    comment: sig.problem ?? (check.key?.testing ? 'key is in testing mode (t=y)' : null),
  };
  const verdict = signatureVerdict(e);
  const full: SignatureEvidence = { ...e, verdict };
  if (check.bodyResult === 'fail') full.bodyDiagnosis = diagnoseBody(msg, sig, hasher);
  else if (check.bytesPastLimit > 0) full.bodyDiagnosis = pastLimit(sig, hasher);
  if (check.headerResult === 'fail' && check.key) {
    const d = diagnoseHeaders(sig, msg.headers, check.key);
    if (d) full.headerDiagnosis = d;
  }
  return full;
}

async function defaultResolver(): Promise<TxtResolver> {
  // Property access at call time (not a captured binding), so tests can watch node:dns.
  const dns = await import('node:dns');
  return (name, type) => dns.promises.resolve(name, type);
}

async function lookupLive(resolver: TxtResolver, sig: DkimSignature): Promise<KeyCandidate[]> {
  const name = `${sig.selector}._domainkey.${sig.domain}`;
  const fetchedAt = new Date().toISOString();
  try {
    const answers = await resolver(name, 'TXT');
    return answers.map((parts) => ({
      domain: sig.domain,
      selector: sig.selector,
      record: parts.join(''),
      kind: 'dns',
      source: `dns:${name}`,
      fetchedAt,
    }));
  } catch {
    return [];
  }
}

/** A live resolver that also hands back the DKIM/ARC keys it fetched, for the archive. */
function recording(resolver: TxtResolver, out: KeyCandidate[]): TxtResolver {
  return async (name, type) => {
    const answers = await resolver(name, type);
    const named = splitKeyName(name);
    const fetchedAt = new Date().toISOString();
    if (named)
      for (const parts of answers)
        out.push({ ...named, record: parts.join(''), kind: 'dns', source: `dns:${name}`, fetchedAt });
    return answers;
  };
}
