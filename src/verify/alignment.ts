/**
 * Relaxed identifier alignment (RFC 7489 §3.1.1): the signing domain and the From domain share an
 * organisational domain. Without a bundled Public Suffix List this uses a documented
 * approximation: the last two labels, or three when the second-level label is a common registry
 * suffix under a country code (example.co.uk, example.gouv.fr).
 */
const SECOND_LEVEL = new Set([
  'co',
  'com',
  'net',
  'org',
  'gov',
  'gouv',
  'ac',
  'edu',
  'ne',
  'or',
  'go',
  'asso',
]);

export function organisationalDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  const n = labels.length;
  const sld = labels[n - 2] ?? '';
  const tld = labels[n - 1] ?? '';
  const take = n >= 3 && tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** @example aligned('mail.example.com', 'example.com') // true */
export function aligned(fromDomain: string | null, signingDomain: string): boolean {
  if (!fromDomain || !signingDomain) return false;
  return organisationalDomain(fromDomain) === organisationalDomain(signingDomain);
}

/** Domain of the first address in a From value: `"A" <a@x.fr>` → `x.fr`. */
export function fromDomain(fromValue: string | null): string | null {
  if (!fromValue) return null;
  const angle = /<([^<>]*@[^<>]*)>/.exec(fromValue);
  const addr = angle?.[1] ?? /[^\s<>"(),;:]+@[^\s<>"(),;:]+/.exec(fromValue)?.[0];
  if (!addr) return null;
  return (
    addr
      .slice(addr.lastIndexOf('@') + 1)
      .toLowerCase()
      .replace(/[>\s]+$/, '') || null
  );
}
