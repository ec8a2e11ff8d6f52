/**
 * Reading one DKIM-Signature field (RFC 6376 §3.5) and checking the tags §6.1.1 requires.
 */
import { parseTagList } from './key-record.js';
import type { HeaderField } from './message-parse.js';

export interface DkimSignature {
  field: HeaderField;
  domain: string;
  selector: string;
  algorithm: string;
  signAlgo: string;
  hashAlgo: string;
  headerCanon: 'simple' | 'relaxed';
  bodyCanon: 'simple' | 'relaxed';
  signedHeaders: string[];
  bodyHash: string;
  signature: Buffer;
  bodyLength: number | null;
  timestamp: number | null;
  expiration: number | null;
  /** Why the signature cannot be evaluated (§6.1.1 PERMFAIL), or null. */
  problem: string | null;
}

const ALGORITHMS = new Set(['rsa-sha256', 'rsa-sha1', 'ed25519-sha256']);

/**
 * @example parseSignature(field).selector // 'brisbane'
 */
export function parseSignature(field: HeaderField): DkimSignature {
  const t = parseTagList(field.value);
  const strip = (v: string | undefined) => (v ?? '').replace(/\s+/g, '');
  const algorithm = strip(t.get('a')).toLowerCase();
  const [hc, bc] = strip(t.get('c') || 'simple/simple')
    .toLowerCase()
    .split('/');
  const sig: DkimSignature = {
    field,
    domain: strip(t.get('d')).toLowerCase(),
    selector: strip(t.get('s')).toLowerCase(),
    algorithm,
    signAlgo: algorithm.split('-')[0] ?? '',
    hashAlgo: algorithm.split('-')[1] ?? '',
    headerCanon: hc === 'relaxed' ? 'relaxed' : 'simple',
    bodyCanon: bc === 'relaxed' ? 'relaxed' : 'simple',
    signedHeaders: strip(t.get('h')).toLowerCase().split(':').filter(Boolean),
    bodyHash: strip(t.get('bh')),
    signature: Buffer.from(strip(t.get('b')), 'base64'),
    bodyLength: numberTag(t.get('l')),
    timestamp: numberTag(t.get('t')),
    expiration: numberTag(t.get('x')),
    problem: null,
  };
  sig.problem = problemOf(t, sig, hc, bc);
  return sig;
}

function numberTag(v: string | undefined): number | null {
  const s = (v ?? '').replace(/\s+/g, '');
  return /^\d{1,16}$/.test(s) ? Number(s) : null;
}

function problemOf(t: Map<string, string>, s: DkimSignature, hc?: string, bc?: string): string | null {
  if ((t.get('v') ?? '').trim() !== '1') return 'missing or unknown v= (must be 1)';
  for (const tag of ['a', 'b', 'bh', 'd', 'h', 's']) if (!t.get(tag)?.trim()) return `missing ${tag}= tag`;
  if (!ALGORITHMS.has(s.algorithm)) return `unsupported algorithm ${s.algorithm}`;
  if (!['simple', 'relaxed'].includes(hc ?? '') || !['simple', 'relaxed', undefined].includes(bc))
    return `unknown canonicalization ${t.get('c')}`;
  if (!s.signedHeaders.includes('from')) return 'h= does not include From (RFC 6376 §5.4)';
  const auid = (t.get('i') ?? '').trim().toLowerCase();
  const auidDomain = auid.slice(auid.lastIndexOf('@') + 1);
  if (auid && auidDomain !== s.domain && !auidDomain.endsWith(`.${s.domain}`))
    return `i= domain ${auidDomain} is not d= ${s.domain} or a subdomain`;
  if (t.has('l') && s.bodyLength === null) return 'malformed l= tag';
  if (s.timestamp !== null && s.expiration !== null && s.expiration < s.timestamp)
    return 'x= is earlier than t=';
  return null;
}

/**
 * The header data a DKIM signature covers (RFC 6376 §3.7, §5.4.2): the fields listed in h=,
 * each picked from the bottom up, then the signature field itself with b= emptied and no CRLF.
 */
export function signedHeaderData(
  sig: DkimSignature,
  headers: HeaderField[],
  canon: (f: HeaderField, mode: 'simple' | 'relaxed') => string,
): string {
  const used = new Map<string, number>();
  const parts: string[] = [];
  for (const name of sig.signedHeaders) {
    const seen = used.get(name) ?? 0;
    let found = -1;
    let count = 0;
    for (let i = headers.length - 1; i >= 0; i--) {
      if (headers[i]?.lower !== name) continue;
      if (count++ === seen) {
        found = i;
        break;
      }
    }
    used.set(name, seen + 1);
    const f = found >= 0 ? headers[found] : undefined;
    if (f) parts.push(canon(f, sig.headerCanon)); // a missing field contributes nothing (§5.4.2)
  }
  const f = sig.field;
  const value = f.value.replace(/((?:^|;)\s*b\s*=)[^;]*/, '$1');
  const own = canon(
    { ...f, value, raw: `${f.raw.slice(0, f.raw.length - f.value.length)}${value}` },
    sig.headerCanon,
  );
  parts.push(own.slice(0, -2));
  return parts.join('');
}
