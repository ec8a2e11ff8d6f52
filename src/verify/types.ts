/**
 * Types of the authenticity stage (DESIGN.md "Authenticity verdicts"). The verdict names and the
 * per-signature fields are a stable output: the web UI, the report and the exports read them.
 */
import type { Severity } from '../model/entities.js';

/** Exactly the verdicts of DESIGN.md, strongest first. */
export const VERDICTS = [
  'verified',
  'verified-third-party',
  'body-altered',
  'signature-invalid',
  'weak-key',
  'key-unavailable',
  'unsigned',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One archived TXT answer for `<selector>._domainkey.<domain>`, with where it came from. */
export interface KeyCandidate {
  domain: string;
  selector: string;
  /** The TXT record value, split strings already joined. */
  record: string;
  /** zone | prove-email | dns-cache | dns | inline */
  kind: string;
  /** File (or 'dns') the record came from. */
  source: string;
  firstSeen?: string | null;
  lastSeen?: string | null;
  /** When a live DNS answer was fetched (ISO 8601). */
  fetchedAt?: string | null;
}

/** Where `verifyMessage` looks up keys: every archived candidate for a selector, any order. */
export interface KeyLookup {
  candidates(domain: string, selector: string): KeyCandidate[];
}

/** A DNS TXT resolver with node:dns/promises' `resolve(name, 'TXT')` shape. */
export type TxtResolver = (name: string, type: 'TXT') => Promise<string[][]>;

export type HeaderResult = 'pass' | 'fail' | 'no-key' | 'invalid';
export type BodyResult = 'pass' | 'fail' | 'not-checked';

export interface KeySourceInfo {
  kind: string;
  source: string;
  firstSeen: string | null;
  lastSeen: string | null;
  fetchedAt: string | null;
  /** Position of the message time against the key's known window. */
  window: 'within' | 'before-first-seen' | 'after-last-seen' | 'unknown';
}

export interface BodyDiagnosis {
  /** re-encoded-in-transit: a benign transformation restores the signed hash. */
  diagnosis: 're-encoded-in-transit' | 'content-appended' | 'content-changed';
  /** Which transformation restored the hash, e.g. 'quoted-printable decoded'. */
  transformation: string | null;
  /** Bytes appended after the signed body (content-appended). */
  appendedBytes?: number;
  appendedPreview?: string;
  /** Text parts of the message as it is now (the signed original is unknown). */
  parts?: { index: number; contentType: string; bytes: number; preview: string }[];
  /** Another copy of the message in the dump that verifies, and the first line that differs. */
  comparedWith?: import('./copies.js').CopyDifference;
}

/** Per-signature evidence: the stable `signatures_json` element. */
export interface SignatureEvidence {
  domain: string;
  selector: string;
  /** a= */
  algorithm: string;
  /** c= header/body */
  canonicalization: string;
  /** l=, when present */
  bodyLength: number | null;
  /** h=, as listed (lower case) */
  signedHeaders: string[];
  /** t= and x= as ISO dates */
  signedAt: string | null;
  expires: string | null;
  /** x= earlier than the message's own time (reported, not judged against today). */
  expiredAtMessageTime: boolean;
  keyType: string | null;
  keyBits: number | null;
  keySource: KeySourceInfo | null;
  /** Why no usable key was found, or why the key record was rejected. */
  keyError: string | null;
  /** How many archived candidates were tried. */
  keysTried: number;
  headerResult: HeaderResult;
  bodyResult: BodyResult;
  /** Signing domain aligned with the From domain (relaxed: same organisational suffix). */
  aligned: boolean;
  /** Canonical body bytes beyond l= (0 when no l= or nothing appended). */
  bytesPastLimit: number;
  /** The verdict this signature alone supports. */
  verdict: Verdict;
  comment: string | null;
  bodyDiagnosis?: BodyDiagnosis;
  /** Which signed header was changed, when undoing one change makes the signature verify. */
  headerDiagnosis?: HeaderDiagnosis;
}

export interface HeaderDiagnosis {
  /** Field name as written in the message. */
  header: string;
  /** field-added: the field was not there when signed; text-added: words were added to it. */
  change: 'field-added' | 'text-added';
  /** The value the signature verifies with (null when the field was absent). */
  signedValue: string | null;
  thisValue: string;
}

export interface ArcEvidence {
  result: 'pass' | 'fail' | 'none';
  /** Number of ARC sets. */
  instances: number;
  /** Lowest instance whose ARC-Seal fails, when the chain fails on a seal. */
  failedInstance: number | null;
  comment: string | null;
}

export interface ForensicFlag {
  kind: string;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
}

export interface MessageVerification {
  verdict: Verdict;
  /** One sentence explaining the verdict. */
  reason: string;
  signatures: SignatureEvidence[];
  arc: ArcEvidence;
  /** The clock used: signature t= or first trusted Received (ISO), null when neither exists. */
  asOf: string | null;
  asOfSource: 't=' | 'received' | 'date' | null;
  flags: ForensicFlag[];
  /** Live DNS answers fetched while verifying (only with dns: true). */
  fetchedKeys: KeyCandidate[];
}
