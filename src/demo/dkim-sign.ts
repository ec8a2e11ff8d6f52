import { createPublicKey } from 'node:crypto';
import type { DKIMSignOptions } from 'mailauth';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { BANK_PEM, ORG_2016A_PEM, ORG_2017B_PEM, PRESS_PEM, WEBMAIL_PEM } from './keys/private-keys.js';
import { EXTERNALS, KEY_ROTATION, ORG_DOMAIN, ORG_SELECTORS } from './org.js';

export interface SigningKey {
  domain: string;
  selector: string;
  pem: string;
}

const EXTERNAL_PEMS: Record<string, string> = {
  'banque-lumiere.example': BANK_PEM,
  'lequotidien.example': PRESS_PEM,
  'mailbox.test': WEBMAIL_PEM,
};

/** Every key of the demo: the organisation's two (rotated on KEY_ROTATION) and the signing externals'. */
export function allKeys(): SigningKey[] {
  const keys: SigningKey[] = [
    { domain: ORG_DOMAIN, selector: ORG_SELECTORS.before, pem: ORG_2016A_PEM },
    { domain: ORG_DOMAIN, selector: ORG_SELECTORS.after, pem: ORG_2017B_PEM },
  ];
  for (const e of EXTERNALS) {
    const pem = EXTERNAL_PEMS[e.domain];
    if (e.selector && pem) keys.push({ domain: e.domain, selector: e.selector, pem });
  }
  return keys;
}

/** The key a domain signed with at `ms`, or null when the domain does not sign. */
export function keyFor(domain: string, ms: number): SigningKey | null {
  const keys = allKeys().filter((k) => k.domain === domain);
  if (domain === ORG_DOMAIN) return (ms < KEY_ROTATION ? keys[0] : keys[1]) ?? null;
  return keys[0] ?? null;
}

/**
 * The key archive as a DNS zone file (RFC 1035 §5 master file, one TXT per selector, RFC 6376
 * §3.6.1 tags), written beside the dump so verification works offline and for rotated keys.
 * @example zoneFile().split('\n')[0] // 'sel2016a._domainkey.avancer.example. IN TXT ( "v=DKIM1; k=rsa; p=MIIB…" )'
 */
export function zoneFile(): string {
  const lines = allKeys().map((k) => {
    const p = createPublicKey(k.pem).export({ type: 'spki', format: 'der' }).toString('base64');
    // TXT character-strings are at most 255 bytes (RFC 1035 §3.3.14): split the record.
    const value = `v=DKIM1; k=rsa; p=${p}`;
    const chunks = value.match(/.{1,250}/g) ?? [];
    return `${k.selector}._domainkey.${k.domain}. 3600 IN TXT ( ${chunks.map((c) => `"${c}"`).join(' ')} )`;
  });
  return `; DKIM public keys of the demo domains (archived; ${ORG_DOMAIN} rotated keys on 2017-01-16)\n${lines.join('\n')}\n`;
}

export interface SignOptions {
  key: SigningKey;
  signMs: number;
  /** RFC 6376 §3.5 l=: sign only this many body bytes (planted `content-past-l`). */
  bodyLength?: number;
}

/** Headers the organisation's signer covers: From once (so an extra From above it stays unsigned). */
const SIGNED = [
  'From',
  'To',
  'Cc',
  'Subject',
  'Date',
  'Message-ID',
  'In-Reply-To',
  'References',
  'MIME-Version',
  'Content-Type',
];

/**
 * Returns the `DKIM-Signature` header line (CRLF-terminated) for a CRLF message, relaxed/relaxed,
 * rsa-sha256, t= the signing time so the output never depends on the clock.
 */
export async function signMessage(message: string, o: SignOptions): Promise<string> {
  const res = await dkimSign(Buffer.from(message), {
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    signTime: new Date(o.signMs),
    headerList: SIGNED,
    signatureData: [
      {
        signingDomain: o.key.domain,
        selector: o.key.selector,
        privateKey: o.key.pem,
        ...(o.bodyLength !== undefined ? { maxBodyLength: o.bodyLength } : {}),
      },
    ],
    // The typings describe the top-level form; DkimSigner itself reads signatureData (needed for l=).
  } as unknown as DKIMSignOptions);
  if (res.errors.length)
    throw new Error(
      `DKIM signing failed: ${String((res.errors[0] as { err?: unknown } | undefined)?.err ?? 'unknown')}`,
    );
  return res.signatures;
}
