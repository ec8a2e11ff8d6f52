/**
 * Which verdicts and flags make an item a suspect, and how strong each is (docs/suspects.md
 * "Ranking"). Flags of the authenticity (verify) and metadata stages count; triage flags (sensitive
 * data, IBAN checksums) say what a document holds, not whether it is genuine, and do not.
 */
import type { Severity } from '../model/entities.js';
import type { EvidenceClass, Signal } from './types.js';

export const SUSPECT_STAGES = ['verify', 'metadata'];

/** Flags that rest on the signature itself (RFC 6376 §3.5 l= and h=). */
const CRYPTOGRAPHIC_FLAGS = new Set(['content-past-l', 'unsigned-header']);
/** Flags that compare the item with the rest of the dump. */
const CASE_FLAGS = new Set([
  'unsigned-from-signing-domain',
  'reply-before-parent',
  'timezone-inconsistent',
  'outside-editor',
  'edit-burst',
  'foreign-script',
  'foreign-language',
  'foreign-timezone',
  'modified-after-email',
]);

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };
export const CLASS_RANK: Record<EvidenceClass, number> = { heuristic: 1, case: 2, cryptographic: 3 };

export function flagClass(kind: string): EvidenceClass {
  if (CRYPTOGRAPHIC_FLAGS.has(kind)) return 'cryptographic';
  return CASE_FLAGS.has(kind) ? 'case' : 'heuristic';
}

/** A stored flag as a signal, or null when it does not make an item suspect. */
export function flagSignal(f: {
  kind: string;
  severity: string;
  message: string;
  evidence: Record<string, unknown>;
  stage: string;
}): Signal | null {
  if (!SUSPECT_STAGES.includes(f.stage)) return null;
  const severity = (f.severity in SEVERITY_RANK ? f.severity : 'low') as Severity;
  // Low-severity flags (a rare application, a user name in a path) are context, not suspicion.
  if (SEVERITY_RANK[severity] < SEVERITY_RANK.medium) return null;
  return {
    source: 'flag',
    kind: f.kind,
    severity,
    class: flagClass(f.kind),
    message: sentence(f.message),
    evidence: f.evidence,
  };
}

interface SignatureLike {
  verdict?: string;
  bodyResult?: string;
  bytesPastLimit?: number;
  bodyDiagnosis?: { diagnosis?: string };
}

/**
 * A failing verdict as a signal. A body re-encoded in transit (relaxed canonicalisation aside, a
 * quoted-printable or line-end change restores the hash) is harmless and is no suspect.
 */
export function verdictSignal(verdict: string, reason: string, signatures: SignatureLike[]): Signal | null {
  if (verdict === 'signature-invalid')
    return verdictOf('signature-invalid', reason, { diagnosis: 'signed headers changed or forged' });
  if (verdict !== 'body-altered') return null;
  const s = signatures.find((x) => x.verdict === 'body-altered');
  const diagnosis = s?.bodyDiagnosis?.diagnosis;
  if (diagnosis === 're-encoded-in-transit') return null;
  const appended = diagnosis === 'content-appended' || (!!s?.bytesPastLimit && s.bodyResult === 'pass');
  return verdictOf('body-altered', reason, { diagnosis: appended ? 'content-appended' : 'content-changed' });
}

function verdictOf(kind: string, reason: string, evidence: Record<string, unknown>): Signal {
  return { source: 'verdict', kind, severity: 'high', class: 'cryptographic', message: reason, evidence };
}

/** Flag messages of the metadata stage are clauses ("written at UTC+03:00; …"): make them sentences. */
function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const first = t[0]?.toUpperCase() ?? '';
  return `${first}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}
