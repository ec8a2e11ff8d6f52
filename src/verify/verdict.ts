/**
 * From per-signature checks to one verdict (DESIGN.md "Authenticity verdicts"): the strongest
 * evidence any signature gives wins, and the reason names the signature that gave it.
 */
import type { HeaderDiagnosis, SignatureEvidence, Verdict } from './types.js';
import { VERDICTS } from './types.js';

/** Under 1024 bits an RSA key proves nothing: 512-bit keys are factored for a few dollars. */
export const MIN_RSA_BITS = 1024;

export function signatureVerdict(e: Omit<SignatureEvidence, 'verdict'>): Verdict {
  if (e.headerResult === 'invalid' || e.headerResult === 'fail') return 'signature-invalid';
  if (e.headerResult === 'no-key') return 'key-unavailable';
  if (e.keyType === 'rsa' && (e.keyBits ?? 0) < MIN_RSA_BITS) return 'weak-key';
  if (e.bodyResult !== 'pass' || e.bytesPastLimit > 0) return 'body-altered';
  return e.aligned ? 'verified' : 'verified-third-party';
}

/** The strongest verdict among the signatures (order of VERDICTS), or unsigned. */
export function messageVerdict(sigs: SignatureEvidence[]): {
  verdict: Verdict;
  basis: SignatureEvidence | null;
} {
  let best: SignatureEvidence | null = null;
  for (const s of sigs) {
    if (!best || VERDICTS.indexOf(s.verdict) < VERDICTS.indexOf(best.verdict)) best = s;
  }
  return { verdict: best?.verdict ?? 'unsigned', basis: best };
}

const label = (s: SignatureEvidence) =>
  `d=${s.domain || '?'} s=${s.selector || '?'} (${s.algorithm || '?'}${s.keyBits ? `, ${s.keyBits}-bit key` : ''})`;

/** One sentence a journalist can quote. */
export function verdictReason(verdict: Verdict, s: SignatureEvidence | null): string {
  if (!s) return 'The message carries no DKIM signature: nothing proves or disproves it cryptographically.';
  const from = s.keySource ? ` with the key from ${s.keySource.source}` : '';
  switch (verdict) {
    case 'verified':
      return `The DKIM signature ${label(s)} verifies headers and body${from}; the signing domain matches From.`;
    case 'verified-third-party':
      return `The DKIM signature ${label(s)} verifies headers and body${from}, but ${s.domain} is not the From domain (a list or mail service signed it).`;
    case 'body-altered':
      return s.bytesPastLimit > 0 && s.bodyResult === 'pass'
        ? `The signature ${label(s)} covers only the first ${s.bodyLength} bytes of the body; ${s.bytesPastLimit} bytes were added after them.`
        : `The signed headers of ${label(s)} verify but the body hash does not: ${bodyExplanation(s)}.`;
    case 'signature-invalid':
      return s.headerResult === 'invalid'
        ? `The signature ${label(s)} is malformed: ${s.comment ?? 'unreadable'}.`
        : s.headerDiagnosis
          ? `The signature ${label(s)} does not verify${from}: ${headerExplanation(s.headerDiagnosis)}.`
          : `The signature ${label(s)} does not verify${from}: signed headers were changed, or the signature is forged.`;
    case 'weak-key':
      return `The signature ${label(s)} verifies only with a ${s.keyBits}-bit RSA key, which can be factored cheaply: it proves nothing.`;
    case 'key-unavailable':
      return `The message is signed by ${label(s)} but no usable key is available (${s.keyError ?? 'no key'}); add the key to the archive.`;
    default:
      return 'The message carries no DKIM signature.';
  }
}

/** What undoing one change proved (header-diagnosis.ts). */
function headerExplanation(d: HeaderDiagnosis): string {
  return d.change === 'field-added'
    ? `the ${d.header} header was added after signing (without it the signature verifies)`
    : `the ${d.header} was changed after signing (the signature verifies with "${d.signedValue}")`;
}

function bodyExplanation(s: SignatureEvidence): string {
  const d = s.bodyDiagnosis;
  if (!d) return 'the text was changed after signing';
  if (d.diagnosis === 're-encoded-in-transit')
    return `re-encoded in transit (${d.transformation}), the content is unchanged`;
  if (d.diagnosis === 'content-appended') return `${d.appendedBytes} bytes were appended after signing`;
  return 'the content was changed after signing';
}
