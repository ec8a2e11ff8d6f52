/**
 * Unsigned mail from a domain that signs: when a domain's messages in the dump carry a DKIM
 * signature that verifies nearly every time, an unsigned message claiming that domain did not go
 * through its mail servers the usual way. It is the mark of a message written outside them
 * (fabricated and slipped into the dump), so the flag is high severity, though not proof.
 */
import { DOMAIN_VERDICTS } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import type { ForensicFlag } from './types.js';

/** A domain needs this many messages in the dump before its habit can be judged. */
export const MIN_DOMAIN_MESSAGES = 5;
/** A domain whose messages verify at least this often "signs its mail". */
export const SIGNING_SHARE = 0.8;

export interface DomainVerdictRow {
  id: string;
  domain: string | null;
  verdict: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * @example signingDomainFlags(rows)[0].flag.message
 * // 'Unsigned, although avancer.example signs 279 of its 283 messages in this dump (98.6%).'
 */
export function signingDomainFlags(rows: DomainVerdictRow[]): { itemId: string; flag: ForensicFlag }[] {
  const tally = new Map<string, { verified: number; total: number }>();
  for (const r of rows) {
    if (!r.domain) continue;
    const d = r.domain.toLowerCase();
    const t = tally.get(d) ?? { verified: 0, total: 0 };
    t.total++;
    // 'verified' only: the signing domain is aligned with From (DESIGN.md verdicts).
    if (r.verdict === 'verified') t.verified++;
    tally.set(d, t);
  }
  const out: { itemId: string; flag: ForensicFlag }[] = [];
  for (const r of rows) {
    if (r.verdict !== 'unsigned' || !r.domain) continue;
    const domain = r.domain.toLowerCase();
    const t = tally.get(domain);
    if (!t || t.total < MIN_DOMAIN_MESSAGES || t.verified / t.total < SIGNING_SHARE) continue;
    const rate = Math.round((t.verified / t.total) * 10_000) / 10_000;
    out.push({
      itemId: r.id,
      flag: {
        kind: 'unsigned-from-signing-domain',
        severity: 'high',
        message: `Unsigned, although ${domain} signs ${t.verified.toLocaleString('en-US')} of its ${t.total.toLocaleString('en-US')} messages in this dump (${pct(t.verified / t.total)}).`,
        evidence: { domain, verified: t.verified, total: t.total, rate, threshold: SIGNING_SHARE },
      },
    });
  }
  return out;
}

/** Reads From domains and verdicts of every verified e-mail of the case. */
export function readDomainVerdicts(db: SqlDb): Promise<DomainVerdictRow[]> {
  return db.all<DomainVerdictRow>(DOMAIN_VERDICTS);
}
