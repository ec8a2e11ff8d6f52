/**
 * Parsing a DKIM public-key record (RFC 6376 §3.6.1) into a usable key, with the exact reason
 * when the record cannot be used. Parsed keys are cached by record text: a dump signed by one
 * domain reuses the same few keys for thousands of messages.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

export interface ParsedKey {
  ok: true;
  type: 'rsa' | 'ed25519';
  bits: number;
  key: KeyObject;
  /** h= of the record: hash algorithms the key may be used with (empty = any). */
  hashes: string[];
  testing: boolean;
}
export interface KeyProblem {
  ok: false;
  /** unknown key version | unknown key type | revoked | invalid public key */
  error: string;
}

const CACHE = new Map<string, ParsedKey | KeyProblem>();
const CACHE_LIMIT = 10_000;
// DER prefix of an Ed25519 SubjectPublicKeyInfo: RFC 8463 §4.2 publishes only the raw 32 bytes.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Splits `tag=value; tag=value` (RFC 6376 §3.2) into a map; names lower-cased, FWS removed. */
export function parseTagList(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (name && !tags.has(name)) tags.set(name, part.slice(eq + 1).trim());
  }
  return tags;
}

/**
 * Parses a key record such as `v=DKIM1; k=rsa; p=MIIB…`.
 * @example parseKeyRecord('v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=')
 * // { ok: true, type: 'ed25519', bits: 256, … }
 */
export function parseKeyRecord(record: string): ParsedKey | KeyProblem {
  const cached = CACHE.get(record);
  if (cached) return cached;
  const parsed = parseUncached(record);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(record, parsed);
  return parsed;
}

function parseUncached(record: string): ParsedKey | KeyProblem {
  const tags = parseTagList(record);
  const v = tags.get('v');
  // RFC 6376 §3.6.1: v= is optional, but when present it must be exactly DKIM1.
  if (v !== undefined && v !== 'DKIM1') return { ok: false, error: 'unknown key version' };
  const k = (tags.get('k') ?? 'rsa').toLowerCase();
  if (k !== 'rsa' && k !== 'ed25519') return { ok: false, error: 'unknown key type' };
  const p = tags.get('p');
  if (p === undefined) return { ok: false, error: 'invalid public key' };
  const b64 = p.replace(/\s+/g, '');
  // RFC 6376 §3.6.1: an empty p= means the key has been revoked.
  if (!b64) return { ok: false, error: 'revoked' };
  if (!/^[A-Za-z0-9+/]+=*$/.test(b64)) return { ok: false, error: 'invalid public key' };
  const der = Buffer.from(b64, 'base64');
  const key = k === 'ed25519' ? ed25519Key(der) : rsaKey(der);
  if (!key) return { ok: false, error: 'invalid public key' };
  if (key.asymmetricKeyType !== k) return { ok: false, error: 'unknown key type' };
  const bits = k === 'rsa' ? (key.asymmetricKeyDetails?.modulusLength ?? 0) : 256;
  const hashes = (tags.get('h') ?? '')
    .split(':')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const testing = (tags.get('t') ?? '').split(':').some((f) => f.trim() === 'y');
  return { ok: true, type: k, bits, key, hashes, testing };
}

function ed25519Key(der: Buffer): KeyObject | null {
  if (der.length !== 32) return null;
  return tryKey(Buffer.concat([ED25519_SPKI_PREFIX, der]), 'spki');
}

// p= holds a SubjectPublicKeyInfo (RFC 6376 §3.6.1); a few publishers put a bare PKCS#1 key.
function rsaKey(der: Buffer): KeyObject | null {
  return tryKey(der, 'spki') ?? tryKey(der, 'pkcs1');
}

function tryKey(der: Buffer, type: 'spki' | 'pkcs1'): KeyObject | null {
  try {
    return createPublicKey({ key: der, format: 'der', type });
  } catch {
    return null;
  }
}
